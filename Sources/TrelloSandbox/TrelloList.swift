/// A list (column) on a board.
struct TrelloList: Sendable {
    let id: String
    var name: String
    var closed: Bool
    var pos: Double
    let idBoard: String

    /// The list as Trello's API returns it.
    var json: JSONValue {
        .object([
            .init("id", .string(self.id)),
            .init("name", .string(self.name)),
            .init("closed", .bool(self.closed)),
            .init("color", .null),
            .init("idBoard", .string(self.idBoard)),
            .init("pos", .double(self.pos)),
            .init("subscribed", .bool(false)),
            .init("softLimit", .null),
        ])
    }
}
