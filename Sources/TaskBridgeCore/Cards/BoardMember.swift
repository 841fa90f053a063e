/// A member of the board, as Trello's `GET /boards/{id}/members` lists them.
public struct BoardMember: Sendable, Hashable, Codable {
    /// The member's Trello id.
    public var id: String
    /// The member's display name.
    public var fullName: String
    /// The member's username.
    public var username: String

    /// Makes a member.
    public init(id: String, fullName: String, username: String) {
        self.id = id
        self.fullName = fullName
        self.username = username
    }
}
