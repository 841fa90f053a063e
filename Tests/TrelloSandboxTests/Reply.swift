import Foundation
import Hummingbird
import Testing

/// What came back for one request.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: String

    /// The value of header `name` (case-insensitive), or nil.
    func header(_ name: String) -> String? {
        self.headers.first { $0.name.canonicalName == name.lowercased() }?.value
    }

    /// The body decoded from JSON.
    func decoded<Value: Decodable>(as type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(self.body.utf8))
    }

    /// The body as a JSON object, to check which members it has.
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(self.body.utf8)) as? [String: Any])
    }
}
