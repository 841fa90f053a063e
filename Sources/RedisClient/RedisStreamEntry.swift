/// One entry of a Redis stream: its id and its field/value pairs in the order they were added.
public struct RedisStreamEntry: Sendable, Equatable {
    /// The entry id, e.g. `1700000000000-0`.
    public let id: String
    /// The fields in order; empty for an entry that was deleted while still pending.
    public let fields: [(name: String, value: String)]

    /// An entry with the given id and fields.
    public init(id: String, fields: [(name: String, value: String)]) {
        self.id = id
        self.fields = fields
    }

    /// The value of the first field with this name.
    public subscript(field name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The fields as a dictionary (a repeated name keeps its last value).
    public var fieldsByName: [String: String] {
        Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Whether both have the same id and the same fields in the same order.
    public static func == (left: RedisStreamEntry, right: RedisStreamEntry) -> Bool {
        left.id == right.id && left.fields.elementsEqual(right.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Reads `[id, [field, value, ...]]`; a nil field list (entry deleted while pending) gives no fields.
    init(reply: RedisValue) throws(RedisError) {
        guard let parts = reply.array, parts.count == 2, let id = parts[0].string else {
            throw RedisError(.unexpectedReply, "a stream entry is not [id, fields]")
        }
        var fields: [(name: String, value: String)] = []
        if let flat = parts[1].array {
            guard flat.count % 2 == 0 else { throw RedisError(.unexpectedReply, "stream entry \(id) has an odd field list") }
            fields.reserveCapacity(flat.count / 2)
            for index in stride(from: 0, to: flat.count, by: 2) {
                guard let name = flat[index].string, let value = flat[index + 1].string else {
                    throw RedisError(.unexpectedReply, "stream entry \(id) has a field that is not a string")
                }
                fields.append((name, value))
            }
        } else if !parts[1].isNull {
            throw RedisError(.unexpectedReply, "stream entry \(id) has fields that are not an array")
        }
        self.init(id: id, fields: fields)
    }

    /// Reads an array of entries.
    static func entries(reply: RedisValue) throws(RedisError) -> [RedisStreamEntry] {
        guard let elements = reply.array else {
            throw RedisError(.unexpectedReply, "stream entries are not an array")
        }
        var entries: [RedisStreamEntry] = []
        entries.reserveCapacity(elements.count)
        for element in elements {
            entries.append(try RedisStreamEntry(reply: element))
        }
        return entries
    }
}
