/// Any JSON member name, so an admin update can refuse the names it does not know instead of ignoring a typo.
struct PatchKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

extension KeyedDecodingContainer where Key == PatchKey {
    /// Throws when the object has a member outside `known`.
    func rejectUnknownKeys(_ known: Set<String>) throws {
        if let unknown = self.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(forKey: unknown, in: self, debugDescription: "unknown field \(unknown.stringValue)")
        }
    }

    /// The value of member `name`, nil when absent.
    func optional<Value: Decodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value? {
        try self.decodeIfPresent(Value.self, forKey: PatchKey(stringValue: name))
    }
}
