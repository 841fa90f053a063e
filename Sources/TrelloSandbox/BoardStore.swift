/// Everything the sandbox's Trello holds: boards with their lists, labels, members and cards, indexed so that
/// creating a card costs the same on an empty board and on one with a million cards.
struct BoardStore: Sendable {
    private var boards: [String: Board] = [:]
    private var lists: [String: TrelloList] = [:]
    /// List ids per board, in `pos` order.
    private var listIDsByBoard: [String: [String]] = [:]
    private var labels: [String: Label] = [:]
    /// Label ids per board, in creation order.
    private var labelIDsByBoard: [String: [String]] = [:]
    private var members: [String: BoardMember] = [:]
    private var memberIDsByBoard: [String: [String]] = [:]
    private var cards: [String: Card] = [:]
    /// Card ids per list, in `pos` order.
    private var cardIDsByList: [String: [String]] = [:]
    /// Card ids per board, in creation order (which is id order).
    private var cardIDsByBoard: [String: [String]] = [:]
    /// Each board's card actions, in creation order (which is id order).
    private var actionsByBoard: [String: [CardAction]] = [:]
    /// Actions recorded since the sandbox last handed them to its webhooks.
    var outbox: [CardAction] = []
    /// The member the sandbox's token belongs to (Trello's `me`).
    var ownerID: String?
    /// Source of every id and short link; it never rewinds, so no id is handed out twice, as on Trello.
    var generator: SplitMix64
    /// The last sequence number in a card's or an action's id; like `generator`, it never rewinds.
    var sequence: UInt64 = 0

    /// An empty store whose ids come from `generator`.
    init(generator: SplitMix64) {
        self.generator = generator
    }

    // MARK: Boards

    /// The board `id`, or Trello's 404.
    func board(_ id: String) throws(TrelloError) -> Board {
        guard let board = self.boards[id] else { throw .resourceNotFound }
        return board
    }

    /// Adds a board with `id` (a new one when nil) and makes `memberIDs` its members.
    @discardableResult
    mutating func addBoard(id: String? = nil, name: String, memberIDs: [String], now: String) -> Board {
        let board = Board(
            id: id ?? self.makeID(),
            name: name,
            desc: "",
            closed: false,
            shortLink: self.makeShortLink(),
            dateLastActivity: now,
            nextCardNumber: 1
        )
        self.boards[board.id] = board
        self.listIDsByBoard[board.id] = []
        self.labelIDsByBoard[board.id] = []
        self.memberIDsByBoard[board.id] = memberIDs
        self.cardIDsByBoard[board.id] = []
        return board
    }

    // MARK: Members

    /// Adds a member to the directory, not yet to any board.
    @discardableResult
    mutating func addMember(fullName: String, username: String) -> BoardMember {
        let member = BoardMember(id: self.makeID(), fullName: fullName, username: username)
        self.members[member.id] = member
        return member
    }

    /// The member `id`, or Trello's 404.
    func member(_ id: String) throws(TrelloError) -> BoardMember {
        guard let member = self.members[id] else { throw .resourceNotFound }
        return member
    }

    /// The ids of the boards member `memberID` belongs to.
    func boardIDs(ofMember memberID: String) -> [String] {
        self.memberIDsByBoard.filter { $0.value.contains(memberID) }.keys.sorted()
    }

    /// The members of board `boardID`.
    func members(ofBoard boardID: String) throws(TrelloError) -> [BoardMember] {
        guard let ids = self.memberIDsByBoard[boardID] else { throw .resourceNotFound }
        return ids.compactMap { self.members[$0] }
    }

    // MARK: Lists

    /// The list `id`, or Trello's `model not found`.
    func list(_ id: String) throws(TrelloError) -> TrelloList {
        guard let list = self.lists[id] else { throw .modelNotFound }
        return list
    }

    /// The lists of board `boardID` in `pos` order, filtered by Trello's `filter` (`open` unless given).
    func lists(onBoard boardID: String, filter: String?) throws(TrelloError) -> [TrelloList] {
        guard let ids = self.listIDsByBoard[boardID] else { throw .resourceNotFound }
        let all = ids.compactMap { self.lists[$0] }
        switch filter ?? "open" {
        case "all": return all
        case "open": return all.filter { !$0.closed }
        case "closed": return all.filter(\.closed)
        case "none": return []
        default: throw .invalidValue("filter")
        }
    }

    /// Adds a list named `name` to board `boardID` at `position`.
    @discardableResult
    mutating func addList(name: String, boardID: String, position: Position) throws(TrelloError) -> TrelloList {
        guard self.boards[boardID] != nil else { throw .resourceNotFound }
        var ids = self.listIDsByBoard.removeValue(forKey: boardID) ?? []
        let pos = position.resolve(first: ids.first.flatMap { self.lists[$0]?.pos }, last: ids.last.flatMap { self.lists[$0]?.pos })
        let list = TrelloList(id: self.makeID(), name: name, closed: false, pos: pos, idBoard: boardID)
        self.lists[list.id] = list
        Self.insert(list.id, at: pos, into: &ids) { self.lists[$0]?.pos ?? 0 }
        self.listIDsByBoard[boardID] = ids
        return list
    }

    // MARK: Labels

    /// At most `limit` labels of board `boardID`, oldest first.
    func labels(onBoard boardID: String, limit: Int) throws(TrelloError) -> [Label] {
        guard let ids = self.labelIDsByBoard[boardID] else { throw .resourceNotFound }
        return ids.prefix(limit).compactMap { self.labels[$0] }
    }

    /// Adds a label to board `boardID`.
    @discardableResult
    mutating func addLabel(name: String, color: String?, boardID: String) throws(TrelloError) -> Label {
        guard self.boards[boardID] != nil else { throw .resourceNotFound }
        let label = Label(id: self.makeID(), idBoard: boardID, name: name, color: color, uses: 0)
        self.labels[label.id] = label
        self.labelIDsByBoard[boardID, default: []].append(label.id)
        return label
    }

    // MARK: Cards

    /// The card `id`, or Trello's 404.
    func card(_ id: String) throws(TrelloError) -> Card {
        guard let card = self.cards[id] else { throw .resourceNotFound }
        return card
    }

    /// The open cards of list `listID`, in `pos` order.
    func cards(inList listID: String) throws(TrelloError) -> [Card] {
        guard let ids = self.cardIDsByList[listID] else { throw .modelNotFound }
        return ids.compactMap { self.cards[$0] }.filter { !$0.closed }
    }

    /// The cards of board `boardID` that Trello's `filter` keeps (`open` unless given): oldest first, or the page
    /// `paging` asks for, newest first.
    func cards(onBoard boardID: String, filter: String?, paging: Paging? = nil) throws(TrelloError) -> [Card] {
        guard let ids = self.cardIDsByBoard[boardID] else { throw .resourceNotFound }
        let keep: (Card) -> Bool
        switch filter ?? "open" {
        case "all": keep = { _ in true }
        case "open", "visible": keep = { !$0.closed }
        case "closed": keep = { $0.closed }
        case "complete": keep = { $0.dueComplete }
        case "incomplete": keep = { !$0.dueComplete }
        case "none": return []
        default: throw .invalidValue("filter")
        }
        let all = ids.compactMap { self.cards[$0] }.filter(keep)
        return paging?.apply(to: all, id: \.id) ?? all
    }

    /// Makes the card `draft` describes, after checking that its list exists and its labels and members belong to
    /// the list's board.
    mutating func addCard(_ draft: CardDraft, at milliseconds: Int64) throws(TrelloError) -> Card {
        let now = TrelloDate.format(millisecondsSince1970: milliseconds)
        guard let list = self.lists[draft.idList], var board = self.boards[list.idBoard] else { throw .cardBoardNotFound }
        try self.checkLabels(draft.idLabels, belongTo: board.id)
        try self.checkMembers(draft.idMembers, belongTo: board.id)
        var ids = self.cardIDsByList.removeValue(forKey: list.id) ?? []
        let pos = draft.position.resolve(first: ids.first.flatMap { self.cards[$0]?.pos }, last: ids.last.flatMap { self.cards[$0]?.pos })
        let card = Card(
            id: self.makeOrderedID(at: milliseconds),
            idShort: board.nextCardNumber,
            name: draft.name,
            desc: draft.desc,
            idList: list.id,
            idBoard: board.id,
            idLabels: draft.idLabels,
            idMembers: draft.idMembers,
            pos: pos,
            shortLink: self.makeShortLink(),
            closed: false,
            dateLastActivity: now,
            due: draft.due,
            start: draft.start,
            dueComplete: draft.dueComplete,
            createdAtMilliseconds: milliseconds
        )
        self.cards[card.id] = card
        Self.insert(card.id, at: pos, into: &ids) { self.cards[$0]?.pos ?? 0 }
        self.cardIDsByList[list.id] = ids
        self.cardIDsByBoard[board.id, default: []].append(card.id)
        for labelID in card.idLabels { self.labels[labelID]?.uses += 1 }
        board.nextCardNumber += 1
        board.dateLastActivity = now
        self.boards[board.id] = board
        self.recordAction("createCard", on: card, at: milliseconds)
        return card
    }

    /// Applies `changes` to card `id`; a new list must be on the same board.
    mutating func updateCard(_ id: String, with changes: CardChanges, at milliseconds: Int64) throws(TrelloError) -> Card {
        let now = TrelloDate.format(millisecondsSince1970: milliseconds)
        guard var card = self.cards[id] else { throw .resourceNotFound }
        let before = card
        if let idLabels = changes.idLabels { try self.checkLabels(idLabels, belongTo: card.idBoard) }
        if let idMembers = changes.idMembers { try self.checkMembers(idMembers, belongTo: card.idBoard) }
        let targetListID = changes.idList ?? card.idList
        guard let targetList = self.lists[targetListID], targetList.idBoard == card.idBoard else { throw .invalidValue("idList") }
        if let name = changes.name { card.name = name }
        if let desc = changes.desc { card.desc = desc }
        if let closed = changes.closed { card.closed = closed }
        if let due = changes.due { card.due = due }
        if let start = changes.start { card.start = start }
        if let dueComplete = changes.dueComplete { card.dueComplete = dueComplete }
        if let idMembers = changes.idMembers { card.idMembers = idMembers }
        if let idLabels = changes.idLabels {
            for labelID in card.idLabels { self.labels[labelID]?.uses -= 1 }
            for labelID in idLabels { self.labels[labelID]?.uses += 1 }
            card.idLabels = idLabels
        }
        if targetListID != card.idList || changes.position != nil {
            self.cardIDsByList[card.idList]?.removeAll { $0 == card.id }
            var ids = self.cardIDsByList.removeValue(forKey: targetListID) ?? []
            let position = changes.position ?? .bottom
            card.pos = position.resolve(first: ids.first.flatMap { self.cards[$0]?.pos }, last: ids.last.flatMap { self.cards[$0]?.pos })
            card.idList = targetListID
            self.cards[card.id] = card
            Self.insert(card.id, at: card.pos, into: &ids) { self.cards[$0]?.pos ?? 0 }
            self.cardIDsByList[targetListID] = ids
        }
        card.dateLastActivity = now
        self.cards[card.id] = card
        self.recordUpdate(of: before, to: card, at: milliseconds)
        return card
    }

    /// Deletes card `id` for good, as Trello does; its `deleteCard` action stays in the board's log.
    mutating func deleteCard(_ id: String, at milliseconds: Int64) throws(TrelloError) {
        guard let card = self.cards.removeValue(forKey: id) else { throw .resourceNotFound }
        self.cardIDsByList[card.idList]?.removeAll { $0 == id }
        self.cardIDsByBoard[card.idBoard]?.removeAll { $0 == id }
        for labelID in card.idLabels { self.labels[labelID]?.uses -= 1 }
        self.recordAction("deleteCard", on: card, at: milliseconds)
    }

    /// The card actions of board `boardID` whose type is in `types` (all when nil), on the page `paging` asks for.
    func actions(onBoard boardID: String, types: Set<String>?, paging: Paging) throws(TrelloError) -> [CardAction] {
        guard self.boards[boardID] != nil else { throw .resourceNotFound }
        let all = self.actionsByBoard[boardID] ?? []
        return paging.apply(to: types.map { types in all.filter { types.contains($0.type) } } ?? all, id: \.id)
    }

    /// The card as Trello returns it, its labels spelled out.
    func json(of card: Card) -> JSONValue {
        card.json(labels: card.idLabels.compactMap { self.labels[$0] })
    }

    /// Open cards on `boardIDs` (every board when nil) whose name or description holds every word of `query`,
    /// leaving out cards made after `visibleBefore`: Trello's search index lags behind writes.
    func search(query: String, boardIDs: Set<String>?, limit: Int, visibleBefore: Int64) -> [Card] {
        let words = query.lowercased().split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return [] }
        var found: [Card] = []
        let boards = boardIDs.map(Array.init) ?? Array(self.cardIDsByBoard.keys)
        for boardID in boards.sorted() {
            for cardID in self.cardIDsByBoard[boardID] ?? [] {
                guard found.count < limit else { return found }
                guard let card = self.cards[cardID], !card.closed, card.createdAtMilliseconds <= visibleBefore else { continue }
                let text = (card.name + "\n" + card.desc).lowercased()
                if words.allSatisfy({ text.contains($0) }) { found.append(card) }
            }
        }
        return found
    }

    // MARK: Helpers

    private func checkLabels(_ ids: [String], belongTo boardID: String) throws(TrelloError) {
        for id in ids where self.labels[id]?.idBoard != boardID {
            throw .invalidValue("idLabels")
        }
    }

    private func checkMembers(_ ids: [String], belongTo boardID: String) throws(TrelloError) {
        let boardMembers = self.memberIDsByBoard[boardID] ?? []
        for id in ids where !boardMembers.contains(id) {
            throw .invalidValue("idMembers")
        }
    }

    private mutating func makeID() -> String {
        TrelloID.make(using: &self.generator)
    }

    /// Appends `action` to its board's log.
    mutating func appendAction(_ action: CardAction) {
        self.actionsByBoard[action.board.id, default: []].append(action)
        self.outbox.append(action)
    }

    /// A board's id, name and short link, for an action.
    func boardSummary(_ id: String) -> (id: String, name: String, shortLink: String) {
        let board = self.boards[id]
        return (id, board?.name ?? "", board?.shortLink ?? "")
    }

    /// A list's id and name, for an action.
    func listSummary(_ id: String) -> (id: String, name: String) {
        (id, self.lists[id]?.name ?? "")
    }

    /// An id that sorts after every id made before it, for cards and actions, which Trello pages by id.
    mutating func makeOrderedID(at milliseconds: Int64) -> String {
        self.sequence += 1
        return TrelloID.make(second: milliseconds / 1000, sequence: self.sequence)
    }

    private static let shortLinkAlphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    private mutating func makeShortLink() -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(8)
        for _ in 0..<8 {
            bytes.append(Self.shortLinkAlphabet[Int(self.generator.next() % UInt64(Self.shortLinkAlphabet.count))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Inserts `id` after every sibling whose position is not greater than `pos`; appending is O(1).
    private static func insert(_ id: String, at pos: Double, into ids: inout [String], position: (String) -> Double) {
        if let last = ids.last, position(last) > pos {
            var low = 0
            var high = ids.count
            while low < high {
                let middle = (low + high) / 2
                if position(ids[middle]) <= pos { low = middle + 1 } else { high = middle }
            }
            ids.insert(id, at: low)
        } else {
            ids.append(id)
        }
    }
}
