/// A list on a board (`GET /boards/{id}/lists`).
public struct TrelloList: Sendable, Hashable, Codable {
    /// The list's id.
    public var id: String
    /// The list's name.
    public var name: String
    /// Whether the list is archived.
    public var closed: Bool?

    /// A list from its fields.
    public init(id: String, name: String, closed: Bool? = nil) {
        self.id = id
        self.name = name
        self.closed = closed
    }
}
