/// One entry of a board's change log about a card (`createCard`, `updateCard`, `deleteCard`), as
/// `GET /1/boards/{id}/actions` returns it. Like Trello's, a `createCard` action carries no description.
struct CardAction: Sendable {
    let id: String
    let type: String
    let date: String
    let idMemberCreator: String?
    let board: (id: String, name: String, shortLink: String)
    let card: (id: String, name: String, idShort: Int, shortLink: String, closed: Bool)
    let list: (id: String, name: String)?
    /// For `updateCard`: the changed fields' previous values (`old`), and the lists a move went between.
    var old: [JSONValue.Member] = []
    var listBefore: (id: String, name: String)?
    /// For `updateCard`: the changed fields' new values, which Trello puts beside the card's id in `data.card`.
    var changed: [JSONValue.Member] = []

    /// The action as Trello returns it.
    var json: JSONValue {
        var cardMembers: [JSONValue.Member] = [
            .init("id", .string(self.card.id)), .init("name", .string(self.card.name)),
            .init("idShort", .int(self.card.idShort)), .init("shortLink", .string(self.card.shortLink)),
        ]
        if self.type == "updateCard" { cardMembers.append(.init("closed", .bool(self.card.closed))) }
        cardMembers.append(contentsOf: self.changed)
        var data: [JSONValue.Member] = [
            .init("card", .object(cardMembers)),
            .init("board", .object([
                .init("id", .string(self.board.id)), .init("name", .string(self.board.name)),
                .init("shortLink", .string(self.board.shortLink)),
            ])),
        ]
        if let listBefore, let list {
            data.append(.init("listBefore", Self.listJSON(listBefore)))
            data.append(.init("listAfter", Self.listJSON(list)))
        } else if let list {
            data.append(.init("list", Self.listJSON(list)))
        }
        if !self.old.isEmpty { data.append(.init("old", .object(self.old))) }
        return .object([
            .init("id", .string(self.id)),
            .init("idMemberCreator", .optional(self.idMemberCreator)),
            .init("data", .object(data)),
            .init("type", .string(self.type)),
            .init("date", .string(self.date)),
        ])
    }

    private static func listJSON(_ list: (id: String, name: String)) -> JSONValue {
        .object([.init("id", .string(list.id)), .init("name", .string(list.name))])
    }
}
