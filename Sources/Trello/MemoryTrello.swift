import Foundation

/// One board of Trello in memory behind `TrelloAPI`, for tests and tools that must not reach the network.
///
/// Card ids sort by creation as Trello's do (the creation second, then a counter), and card listings page
/// newest first by `since`, `before` and `limit` as Trello's do. Failures are scripted per operation (`fail`): a
/// timeout, which leaves a create's outcome unknown, or any status, 5xx, 429 with `Retry-After` and 401 included.
/// Every request is logged (`requests`) and can be held at its start (`beforeEachRequest`), so tests assert on order
/// and counts, never on timing.
public actor MemoryTrello: TrelloAPI {
    /// A scripted failure of one request.
    public enum Fault: Sendable, Hashable {
        /// No answer within the request timeout (returned at once). A create that was `applied` happened anyway.
        case timeout(applied: Bool)
        /// An answer with `status`, Trello's `message` and `code` (its body's `error`), and `Retry-After` when
        /// given. A create that was `applied` happened anyway (a 5xx after the write).
        case status(Int, message: String = "", code: String? = nil, retryAfter: Duration? = nil, applied: Bool = false)

        /// A 429 asking the caller to wait `retryAfter`.
        public static func rateLimited(retryAfter: Duration?) -> Fault {
            .status(429, message: "Rate limit exceeded", code: "API_TOKEN_LIMIT_EXCEEDED", retryAfter: retryAfter)
        }

        /// Trello refusing the credentials.
        public static let refusedCredentials = Fault.status(401, message: "invalid token")

        /// Whether the request took effect although it failed.
        var applied: Bool {
            switch self {
            case .timeout(let applied), .status(_, _, _, _, let applied): applied
            }
        }
    }

    /// One request as the board received it.
    public struct Request: Sendable, Hashable {
        /// What was asked.
        public var operation: TrelloOperation
        /// A listing's `since`, as sent.
        public var since: String?
        /// A listing's `before`, as sent.
        public var before: String?
    }

    /// The board's id.
    public nonisolated let boardID: String
    /// The longest a request may take; a scripted timeout fails at once all the same.
    public nonisolated let requestTimeout: Duration
    private let now: @Sendable () -> Date
    private var boardLists: [TrelloList] = []
    private var boardLabels: [TrelloLabel] = []
    private var boardMembers: [TrelloMember] = []
    /// Oldest first, which is id order.
    private var boardCards: [TrelloCard] = []
    private var sequence: UInt64 = 0
    private var faults: [TrelloOperation: [Fault]] = [:]
    private var hook: (@Sendable (TrelloOperation) async -> Void)?
    private var rateLimit: TrelloRateLimit?
    /// Every request received, in order.
    public private(set) var requests: [Request] = []

    /// A board with open lists, labels and members of these names; `now` is Trello's clock, which card ids carry.
    public init(
        boardID: String = "b0a4d00000000000000000b1",
        listNames: [String] = ["To Do", "Doing", "Done"],
        labelNames: [String] = ["Bug", "Maintenance", "Research", "Test"],
        memberNames: [String] = ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        requestTimeout: Duration = .seconds(10),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.boardID = boardID
        self.requestTimeout = requestTimeout
        self.now = now
        let second = Int64(now().timeIntervalSince1970.rounded(.down))
        var sequence: UInt64 = 0
        func nextID() -> String {
            sequence += 1
            return Self.id(second: second, sequence: sequence)
        }
        boardLists = listNames.map { TrelloList(id: nextID(), name: $0, closed: false) }
        boardLabels = labelNames.map { TrelloLabel(id: nextID(), name: $0) }
        boardMembers = memberNames.map {
            TrelloMember(id: nextID(), fullName: $0, username: $0.lowercased().replacingOccurrences(of: " ", with: ""))
        }
        self.sequence = sequence
    }

    // MARK: Steering

    /// The next requests of `operation` fail with `faults`, one each, in order.
    public func fail(_ operation: TrelloOperation, with faults: Fault...) {
        self.faults[operation, default: []] += faults
    }

    /// Runs `hook` at the start of every request, before it takes effect (nil removes it): a test holds a request
    /// there, or notes that it arrived.
    public func beforeEachRequest(_ hook: (@Sendable (TrelloOperation) async -> Void)?) {
        self.hook = hook
    }

    /// Sends these rate-limit headers with every answer from now on.
    public func answer(rateLimit: TrelloRateLimit?) {
        self.rateLimit = rateLimit
    }

    /// Puts a card on the board without a request, as made at `madeAt` (now when nil), in the first list unless
    /// `listID` names another.
    @discardableResult
    public func addCard(
        name: String, description: String, listID: String? = nil, closed: Bool = false, madeAt: Date? = nil
    ) -> TrelloCard {
        var card = makeCard(
            listID: listID ?? boardLists.first?.id ?? "", name: name, description: description, labelIDs: [],
            memberIDs: [], madeAt: madeAt ?? now())
        card.closed = closed
        insert(card)
        return card
    }

    /// Removes a list, a label or a member from the board, as someone editing it in Trello would.
    public func remove(id: String) {
        boardLists.removeAll { $0.id == id }
        boardLabels.removeAll { $0.id == id }
        boardMembers.removeAll { $0.id == id }
    }

    /// Every card, archived ones too, oldest first.
    public var cards: [TrelloCard] { boardCards }

    /// The requests of `operation` received so far.
    public func requests(of operation: TrelloOperation) -> [Request] {
        requests.filter { $0.operation == operation }
    }

    // MARK: TrelloAPI

    /// The board's open lists.
    public func lists(board: String) async throws(TrelloError) -> TrelloReply<[TrelloList]> {
        try await serve(.lists, board: board)
        return reply(boardLists.filter { $0.closed != true })
    }

    /// The board's labels.
    public func labels(board: String) async throws(TrelloError) -> TrelloReply<[TrelloLabel]> {
        try await serve(.labels, board: board)
        return reply(boardLabels)
    }

    /// The board's members.
    public func members(board: String) async throws(TrelloError) -> TrelloReply<[TrelloMember]> {
        try await serve(.members, board: board)
        return reply(boardMembers)
    }

    /// One page of the board's cards, newest first: after `since`, before `before`, at most `limit`.
    public func cards(board: String, filter: TrelloCardFilter, since: String?, before: String?, limit: Int)
        async throws(TrelloError) -> TrelloReply<[TrelloCard]>
    {
        let operation = TrelloOperation.boardCards(filter)
        try await serve(operation, board: board, since: since, before: before)
        var lower: String?, upper: String?
        if let since { lower = try idBound(since, of: operation, named: "since") }
        if let before { upper = try idBound(before, of: operation, named: "before") }
        var page: [TrelloCard] = []
        for card in boardCards.reversed() where page.count < limit {
            if let upper, card.id >= upper { continue }
            if let lower, card.id <= lower { break }
            switch filter {
            case .all: page.append(card)
            case .open: if !card.closed { page.append(card) }
            case .closed: if card.closed { page.append(card) }
            }
        }
        return reply(page)
    }

    /// Creates an open list at the bottom of the board.
    public func createList(board: String, name: String) async throws(TrelloError) -> TrelloReply<TrelloList> {
        let fault = try await receive(.createList, board: board)
        let list = TrelloList(id: makeID(), name: name, closed: false)
        if fault?.applied ?? true { boardLists.append(list) }
        if let fault { throw error(fault, of: .createList) }
        return reply(list)
    }

    /// Creates a label on the board.
    public func createLabel(board: String, name: String, color: String?) async throws(TrelloError)
        -> TrelloReply<TrelloLabel>
    {
        let fault = try await receive(.createLabel, board: board)
        let label = TrelloLabel(id: makeID(), name: name, color: color)
        if fault?.applied ?? true { boardLabels.append(label) }
        if let fault { throw error(fault, of: .createLabel) }
        return reply(label)
    }

    /// Creates a card at the bottom of the list; a list, label or member the board lacks is refused as Trello
    /// refuses it.
    public func createCard(listID: String, name: String, description: String, labelIDs: [String], memberIDs: [String])
        async throws(TrelloError) -> TrelloReply<TrelloCard>
    {
        let operation = TrelloOperation.createCard
        let fault = try await receive(operation, board: boardID)
        if let fault, !fault.applied { throw error(fault, of: operation) }
        guard boardLists.contains(where: { $0.id == listID }) else {
            throw TrelloError(operation: operation, status: 404, message: "could not find the board that the card belongs to")
        }
        guard labelIDs.allSatisfy({ id in boardLabels.contains { $0.id == id } }) else {
            throw TrelloError(operation: operation, status: 400, message: "invalid value for idLabels")
        }
        guard memberIDs.allSatisfy({ id in boardMembers.contains { $0.id == id } }) else {
            throw TrelloError(operation: operation, status: 400, message: "invalid value for idMembers")
        }
        let card = makeCard(
            listID: listID, name: name, description: description, labelIDs: labelIDs, memberIDs: memberIDs,
            madeAt: now())
        insert(card)
        // The card was made, but the answer is lost or a failure: the caller cannot know it exists.
        if let fault { throw error(fault, of: operation) }
        return reply(card)
    }

    /// Archives a card.
    public func archiveCard(_ id: String) async throws(TrelloError) -> TrelloReply<TrelloCard> {
        try await serve(.archiveCard, board: boardID)
        guard let index = boardCards.firstIndex(where: { $0.id == id }) else {
            throw TrelloError(operation: .archiveCard, status: 404, message: "The requested resource was not found.")
        }
        boardCards[index].closed = true
        return reply(boardCards[index])
    }

    // MARK: Internals

    /// Logs the request and runs the hook; returns the next scripted fault of `operation`, if any.
    private func receive(_ operation: TrelloOperation, board: String, since: String? = nil, before: String? = nil)
        async throws(TrelloError) -> Fault?
    {
        requests.append(Request(operation: operation, since: since, before: before))
        if let hook { await hook(operation) }
        guard !Task.isCancelled else {
            // As the client fails a cancelled transfer: a create may have been sent.
            throw TrelloError(kind: operation.creates ? .outcomeUnknown : .transient, operation: operation, message: "cancelled")
        }
        guard board == boardID else {
            throw TrelloError(operation: operation, status: 404, message: "The requested resource was not found.")
        }
        guard let fault = faults[operation]?.first else { return nil }
        faults[operation]?.removeFirst()
        return fault
    }

    /// Receives a request that changes nothing before it fails, throwing its fault, if any.
    private func serve(_ operation: TrelloOperation, board: String, since: String? = nil, before: String? = nil)
        async throws(TrelloError)
    {
        if let fault = try await receive(operation, board: board, since: since, before: before) {
            throw error(fault, of: operation)
        }
    }

    /// The error the client raises for `fault`: a timeout leaves a create's outcome unknown.
    private func error(_ fault: Fault, of operation: TrelloOperation) -> TrelloError {
        switch fault {
        case .timeout:
            TrelloError(
                kind: operation.creates ? .outcomeUnknown : .transient, operation: operation,
                message: "timeout: no answer within \(requestTimeout)")
        case .status(let status, let message, let code, let retryAfter, _):
            TrelloError(
                operation: operation, status: status, message: message, code: code, retryAfter: retryAfter,
                rateLimit: rateLimit)
        }
    }

    private func reply<Value: Sendable>(_ value: Value) -> TrelloReply<Value> {
        TrelloReply(value: value, rateLimit: rateLimit)
    }

    /// A card id, or a date as the smallest id of its second, as Trello reads `since` and `before`.
    private func idBound(_ text: String, of operation: TrelloOperation, named name: String) throws(TrelloError)
        -> String
    {
        if text.count == 24, UInt64(text.prefix(12), radix: 16) != nil, UInt64(text.suffix(12), radix: 16) != nil {
            return text.lowercased()
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
            throw TrelloError(operation: operation, status: 400, message: "invalid value for \(name)")
        }
        return Self.id(second: Int64(date.timeIntervalSince1970.rounded(.down)), sequence: 0)
    }

    private func makeCard(
        listID: String, name: String, description: String, labelIDs: [String], memberIDs: [String], madeAt: Date
    ) -> TrelloCard {
        let id = makeID(at: madeAt)
        return TrelloCard(
            id: id, name: name, desc: description, idList: listID, idLabels: labelIDs, idMembers: memberIDs,
            url: "https://trello.com/c/\(id.suffix(8))", shortUrl: "https://trello.com/c/\(id.suffix(8))")
    }

    /// Keeps the cards in id order, whatever second a seeded card was made in.
    private func insert(_ card: TrelloCard) {
        let index = boardCards.firstIndex { $0.id > card.id } ?? boardCards.endIndex
        boardCards.insert(card, at: index)
    }

    /// An id that sorts by creation: the second in 8 hex digits, then a board-wide counter in 16.
    private func makeID(at date: Date? = nil) -> String {
        sequence += 1
        return Self.id(second: Int64((date ?? now()).timeIntervalSince1970.rounded(.down)), sequence: sequence)
    }

    private static func id(second: Int64, sequence: UInt64) -> String {
        let high = String(UInt64(truncatingIfNeeded: second) & 0xFFFF_FFFF, radix: 16)
        let low = String(sequence, radix: 16)
        return String(repeating: "0", count: 8 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}
