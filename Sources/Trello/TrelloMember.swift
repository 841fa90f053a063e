/// A member of a board (`GET /boards/{id}/members`).
public struct TrelloMember: Sendable, Hashable, Codable {
    /// The member's id.
    public var id: String
    /// The member's display name.
    public var fullName: String?
    /// The member's user name.
    public var username: String?

    /// A member from its fields.
    public init(id: String, fullName: String? = nil, username: String? = nil) {
        self.id = id
        self.fullName = fullName
        self.username = username
    }
}
