/// A JSON document with ordered object members, so responses keep Trello's field order and `fields` can narrow them.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One member of an object, in the order it is written.
    struct Member: Sendable, Equatable {
        let name: String
        let value: JSONValue

        init(_ name: String, _ value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    /// A string, or null when `text` is nil.
    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// This object keeping only `id` and the members named in `fields`; Trello's `fields=all` or no `fields` keeps all.
    func narrowed(to fields: Set<String>?) -> JSONValue {
        guard let fields, case .object(let members) = self else { return self }
        return .object(members.filter { $0.name == "id" || fields.contains($0.name) })
    }
}
