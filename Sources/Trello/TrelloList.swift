/// A list on a board (`GET /boards/{id}/lists`).
public struct TrelloList: Sendable, Hashable, Codable {
    /// The list's id.
    public var id: String
    /// The list's name.
    public var name: String
    /// Whether the list is archived.
    public var closed: Bool?
}
