import Foundation
import Hummingbird

/// Trello's named parameters of one request: its query string, overridden by a JSON or form body.
struct RequestParameters: Sendable {
    private var values: [String: String]

    /// The parameter named `name`, or nil when the request does not carry it.
    subscript(name: String) -> String? {
        self.values[name]
    }

    /// The names listed in `fields`, or nil for all of them (no `fields`, or `all`).
    var fields: Set<String>? {
        guard let text = self["fields"], text != "all" else { return nil }
        return Set(text.split(separator: ",").map { String($0) })
    }

    /// A name of 1 to 16384 characters in `parameter`, as lists and labels need.
    func name(_ parameter: String = "name") -> String? {
        guard let name = self[parameter], !name.isEmpty, name.utf16.count <= CardDraft.maximumTextLength else { return nil }
        return name
    }

    /// A whole number in `0...maximum` from parameter `name`, `fallback` when absent, or 400 `invalid value for <name>`.
    func integer(_ name: String, fallback: Int, maximum: Int) throws(TrelloError) -> Int {
        guard let text = self[name] else { return fallback }
        guard let number = Int(text), (0...maximum).contains(number) else { throw .invalidValue(name) }
        return number
    }

    /// A `true`/`false` parameter, nil when absent, or 400 `invalid value for <name>`.
    func flag(_ name: String) throws(TrelloError) -> Bool? {
        switch self[name] {
        case nil: nil
        case "true": true
        case "false": false
        default: throw .invalidValue(name)
        }
    }

    init(values: [String: String]) {
        self.values = values
    }

    /// The parameters of `request`, reading its body only for a JSON or form content type, as Express does.
    static func read(from request: Request, context: some RequestContext) async throws -> RequestParameters {
        var values = self.formDecoded(request.uri.query ?? "")
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let isJSON = contentType.hasPrefix("application/json")
        let isForm = contentType.hasPrefix("application/x-www-form-urlencoded")
        guard isJSON || isForm else { return .init(values: values) }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        guard body.readableBytes > 0 else { return .init(values: values) }
        let bodyValues = isJSON ? try self.jsonDecoded(body) : self.formDecoded(String(buffer: body))
        values.merge(bodyValues) { _, fromBody in fromBody }
        return .init(values: values)
    }

    /// `a=1&b=x+y` decoded as `application/x-www-form-urlencoded` (`+` is a space); the last repeat of a name wins.
    static func formDecoded(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = self.percentDecoded(parts[0])
            guard !name.isEmpty else { continue }
            values[name] = parts.count > 1 ? self.percentDecoded(parts[1]) : ""
        }
        return values
    }

    private static func percentDecoded(_ bytes: Substring.UTF8View.SubSequence) -> String {
        var decoded = [UInt8]()
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"),
                let high = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), high != bytes.endIndex,
                let low = bytes.index(high, offsetBy: 1, limitedBy: bytes.endIndex), low != bytes.endIndex,
                let value = UInt8(String(decoding: [bytes[high], bytes[low]], as: UTF8.self), radix: 16)
            {
                decoded.append(value)
                index = low
            } else {
                decoded.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// The scalar members of a JSON object body as text; arrays and objects are dropped, as Trello ignored a JSON
    /// array for `idLabels` (reference: trello-api.md, "Parameters").
    private static func jsonDecoded(_ body: ByteBuffer) throws -> [String: String] {
        do {
            let members = try JSONDecoder().decode([String: JSONParameter].self, from: Data(body.readableBytesView))
            return members.compactMapValues(\.text)
        } catch {
            throw TrelloError(status: .badRequest, body: .text("Invalid JSON body"))
        }
    }
}

/// One member of a JSON request body, reduced to the text a query string would have carried.
private struct JSONParameter: Decodable {
    let text: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self.text = "null"
        } else if let text = try? container.decode(String.self) {
            self.text = text
        } else if let flag = try? container.decode(Bool.self) {
            self.text = flag ? "true" : "false"
        } else if let number = try? container.decode(Int.self) {
            self.text = String(number)
        } else if let number = try? container.decode(Double.self) {
            self.text = String(number)
        } else {
            self.text = nil
        }
    }
}
