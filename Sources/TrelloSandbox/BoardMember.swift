/// A Trello member who can be assigned to cards of the boards they belong to.
struct BoardMember: Sendable {
    let id: String
    let fullName: String
    let username: String

    /// The member as `GET /boards/{id}/members` returns it.
    var json: JSONValue {
        .object(self.members)
    }

    /// The member as `GET /members/{id}` returns it, with the boards it belongs to.
    func json(idBoards: [String]) -> JSONValue {
        .object(self.members + [.init("idBoards", .array(idBoards.map(JSONValue.string)))])
    }

    private var members: [JSONValue.Member] {
        [.init("id", .string(self.id)), .init("fullName", .string(self.fullName)), .init("username", .string(self.username))]
    }
}
