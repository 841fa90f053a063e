import Foundation
import Testing

/// postman-collections/: the collection's requests in order, with what their scripts expect and save, read from
/// the v2.1 JSON. Scripts are understood only in the few forms the collection uses; `unreadScripts` lists any
/// other line that sets a variable or asserts, so a new form cannot slip by untested.
struct PostmanCollection {
    /// One request of the collection.
    struct Request {
        /// The request's name, e.g. "Unknown task: 404".
        var name: String
        /// GET, POST, …
        var method: String
        /// The URL with `{{variables}}` left in.
        var url: String
        /// Headers with `{{variables}}` left in.
        var headers: [(name: String, value: String)]
        /// The raw body, if any.
        var body: String?
        /// The status the test script expects (`pm.response.to.have.status(N)`).
        var expectedStatus: Int?
        /// Header expectations: name (lower case), and the text it must contain.
        var expectedHeaders: [(name: String, contains: String)] = []
        /// Collection variables the test script saves from the response's JSON: variable → field.
        var savesFromResponse: [String: String] = [:]
        /// Collection variables the pre-request script sets to a fresh UUID.
        var setsToNewUUID: [String] = []
        /// Script lines that set, assert or call `pm` in a form not understood here.
        var unreadScripts: [String] = []

        /// The URL's path, without `{{baseUrl}}` and the query.
        var path: String {
            let withoutBase = url.replacingOccurrences(of: "{{baseUrl}}", with: "")
            return String(withoutBase.prefix { $0 != "?" })
        }
    }

    /// Every request, folders flattened, in the order a collection run sends them.
    var requests: [Request] = []
    /// The collection's own variables (`variable`), with their initial values.
    var variables: [String: String] = [:]
    /// The schema URL in `info.schema`.
    var schema: String

    /// Reads postman-collections/{name}.
    init(file name: String) throws {
        let data = try RepositoryFile.text("postman-collections/\(name)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        schema = (json["info"] as? [String: Any])?["schema"] as? String ?? ""
        for variable in json["variable"] as? [[String: Any]] ?? [] {
            if let key = variable["key"] as? String { variables[key] = variable["value"] as? String ?? "" }
        }
        requests = try Self.requests(in: json["item"] as? [[String: Any]] ?? [])
    }

    /// The values of an environment file's enabled variables.
    static func environment(file name: String) throws -> [String: String] {
        let data = try RepositoryFile.text("postman-collections/\(name)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        var values: [String: String] = [:]
        for value in json["values"] as? [[String: Any]] ?? [] where value["enabled"] as? Bool != false {
            if let key = value["key"] as? String { values[key] = value["value"] as? String ?? "" }
        }
        return values
    }

    /// `text` with every `{{name}}` replaced from `variables`; unknown names are left in for the caller to see.
    static func substitute(_ text: String, _ variables: [String: String]) -> String {
        text.replacing(/\{\{([A-Za-z0-9_$]+)\}\}/) { match in variables[String(match.1)] ?? String(match.0) }
    }

    private static func requests(in items: [[String: Any]]) throws -> [Request] {
        try items.flatMap { item -> [Request] in
            if let children = item["item"] as? [[String: Any]] { return try requests(in: children) }
            let request = try #require(item["request"] as? [String: Any])
            let url = request["url"] as? [String: Any]
            var parsed = Request(
                name: item["name"] as? String ?? "",
                method: request["method"] as? String ?? "GET",
                url: url?["raw"] as? String ?? request["url"] as? String ?? "",
                headers: (request["header"] as? [[String: Any]] ?? []).compactMap { header in
                    guard header["disabled"] as? Bool != true, let name = header["key"] as? String else { return nil }
                    return (name, header["value"] as? String ?? "")
                },
                body: (request["body"] as? [String: Any])?["raw"] as? String)
            for event in item["event"] as? [[String: Any]] ?? [] {
                let script = (event["script"] as? [String: Any])?["exec"] as? [String] ?? []
                read(script, into: &parsed)
            }
            return [parsed]
        }
    }

    private static func read(_ lines: [String], into request: inout Request) {
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let match = line.firstMatch(of: /pm\.response\.to\.have\.status\((\d+)\)/) {
                request.expectedStatus = Int(match.1)
            } else if let match = line.firstMatch(of: /pm\.collectionVariables\.set\("(\w+)", pm\.response\.json\(\)\.(\w+)\)/) {
                request.savesFromResponse[String(match.1)] = String(match.2)
            } else if let match = line.firstMatch(of: /pm\.collectionVariables\.set\("(\w+)", pm\.variables\.replaceIn\("\{\{\$guid\}\}"\)\)/) {
                request.setsToNewUUID.append(String(match.1))
            } else if let match = line.firstMatch(of: /pm\.expect\(pm\.response\.headers\.get\("([^"]+)"\)\)\.to\.(?:include|eql)\("([^"]+)"\)/) {
                request.expectedHeaders.append((String(match.1).lowercased(), String(match.2)))
            } else if line.contains("pm.") && !line.hasPrefix("pm.test(") {
                request.unreadScripts.append(line)
            }
        }
    }
}
