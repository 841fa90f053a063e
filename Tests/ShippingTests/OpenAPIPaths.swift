import Foundation
import Testing

/// The OpenAPI document's operations, as far as the collection tests need them.
struct OpenAPIPaths {
    /// One operation: a method on a path template.
    struct Operation {
        /// `METHOD /path/{template}`.
        var id: String
        /// The path's segments; `{name}` segments match any one segment.
        var segments: [String]
        /// The method, upper case.
        var method: String
        /// The documented response statuses.
        var statuses: Set<String>
        /// Names of required query parameters.
        var requiredQuery: [String]
        /// The JSON schema of the request body, if it takes one.
        var bodySchema: [String: Any]?

        /// Whether the operation takes a body.
        var hasRequestBody: Bool { bodySchema != nil }
    }

    /// An object schema's required fields and, when it closes them, its allowed ones.
    struct ObjectSchema {
        /// Required property names.
        var required: [String]
        /// Allowed property names, when `additionalProperties` is false.
        var properties: Set<String>?
    }

    /// Every operation.
    var operations: [Operation] = []
    private let document: [String: Any]

    /// Reads the document's JSON.
    init(json: Data) throws {
        document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            let shared = item["parameters"] as? [[String: Any]] ?? []
            for (method, value) in item where ["get", "head", "post", "put", "patch", "delete"].contains(method) {
                guard let operation = value as? [String: Any] else { continue }
                let parameters = (shared + (operation["parameters"] as? [[String: Any]] ?? [])).map(resolve)
                let body = (operation["requestBody"] as? [String: Any]).map(resolve)
                let content = body?["content"] as? [String: Any]
                operations.append(Operation(
                    id: "\(method.uppercased()) \(path)",
                    segments: path.split(separator: "/").map(String.init),
                    method: method.uppercased(),
                    statuses: Set((operation["responses"] as? [String: Any] ?? [:]).keys),
                    requiredQuery: parameters.filter { $0["in"] as? String == "query" && $0["required"] as? Bool == true }
                        .compactMap { $0["name"] as? String },
                    bodySchema: ((content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]).map(resolve)))
            }
        }
    }

    /// The operation whose template matches `path` with `method`.
    func operation(method: String, path: String) -> Operation? {
        let segments = path.split(separator: "/").map(String.init)
        return operations.first { operation in
            operation.method == method && operation.segments.count == segments.count
                && zip(operation.segments, segments).allSatisfy { template, actual in
                    template.hasPrefix("{") || template == actual
                }
        }
    }

    /// The object schema a body is checked against: through `oneOf` and the discriminator's mapping when there is one.
    func bodySchema(of operation: Operation, for body: [String: Any]) -> ObjectSchema? {
        guard var schema = operation.bodySchema else { return nil }
        if let discriminator = schema["discriminator"] as? [String: Any],
            let property = discriminator["propertyName"] as? String
        {
            guard let value = body[property] as? String,
                let reference = (discriminator["mapping"] as? [String: String])?[value]
            else { return nil }
            schema = resolve(["$ref": reference])
        }
        let closed = schema["additionalProperties"] as? Bool == false
        return ObjectSchema(
            required: schema["required"] as? [String] ?? [],
            properties: closed ? Set((schema["properties"] as? [String: Any] ?? [:]).keys) : nil)
    }

    /// `object` itself, or what its `$ref` (`#/a/b/c`) points to.
    private func resolve(_ object: [String: Any]) -> [String: Any] {
        guard let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
        var node: Any = document
        for key in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(key)] ?? [:]
        }
        return resolve(node as? [String: Any] ?? [:])
    }
}
