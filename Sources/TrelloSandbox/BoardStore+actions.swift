extension BoardStore {
    /// Adds a `type` action about `card` to its board's log.
    mutating func recordAction(_ type: String, on card: Card, at milliseconds: Int64) {
        self.appendAction(CardAction(
            id: self.makeOrderedID(at: milliseconds), type: type,
            date: TrelloDate.format(millisecondsSince1970: milliseconds), idMemberCreator: self.ownerID,
            board: self.boardSummary(card.idBoard),
            card: (card.id, card.name, card.idShort, card.shortLink, card.closed),
            list: self.listSummary(card.idList)))
    }

    /// Adds an `updateCard` action for the change from `before` to `after`, naming what changed as Trello does
    /// (`old`, and `listBefore`/`listAfter` for a move); nothing when nothing changed.
    mutating func recordUpdate(of before: Card, to after: Card, at milliseconds: Int64) {
        var old: [JSONValue.Member] = []
        if before.name != after.name { old.append(.init("name", .string(before.name))) }
        if before.desc != after.desc { old.append(.init("desc", .string(before.desc))) }
        if before.closed != after.closed { old.append(.init("closed", .bool(before.closed))) }
        if before.idList != after.idList { old.append(.init("idList", .string(before.idList))) }
        if before.due != after.due { old.append(.init("due", .optional(before.due))) }
        if before.dueComplete != after.dueComplete { old.append(.init("dueComplete", .bool(before.dueComplete))) }
        if before.idMembers != after.idMembers {
            old.append(.init("idMembers", .array(before.idMembers.map(JSONValue.string))))
        }
        if before.pos != after.pos { old.append(.init("pos", .double(before.pos))) }
        guard !old.isEmpty else { return }
        // Trello's `data.card` carries the new value of every field named in `old`.
        let current = after.json(labels: [])
        let changed: [JSONValue.Member] = old.compactMap { member in
            guard !["closed", "name"].contains(member.name), case .object(let fields) = current else { return nil }
            return fields.first { $0.name == member.name }
        }
        var action = CardAction(
            id: self.makeOrderedID(at: milliseconds), type: "updateCard",
            date: TrelloDate.format(millisecondsSince1970: milliseconds), idMemberCreator: self.ownerID,
            board: self.boardSummary(after.idBoard),
            card: (after.id, after.name, after.idShort, after.shortLink, after.closed),
            list: self.listSummary(after.idList))
        action.old = old
        action.changed = changed
        if before.idList != after.idList { action.listBefore = self.listSummary(before.idList) }
        self.appendAction(action)
    }
}
