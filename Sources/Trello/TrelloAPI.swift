/// Trello's REST API, the part the bridge calls: `TrelloClient` sends it over HTTP, `MemoryTrello` answers from
/// memory.
///
/// Every failure is a `TrelloError` sorted by whose fault it is, naming its `TrelloOperation`; every success
/// carries the rate-limit headers, when there were any. No implementation retries: callers decide.
public protocol TrelloAPI: Sendable {
    /// The longest a single request may take; a request not answered by then fails.
    var requestTimeout: Duration { get }

    /// The board's open lists.
    func lists(board: String) async throws(TrelloError) -> TrelloReply<[TrelloList]>

    /// The board's labels, all of them.
    func labels(board: String) async throws(TrelloError) -> TrelloReply<[TrelloLabel]>

    /// The board's members.
    func members(board: String) async throws(TrelloError) -> TrelloReply<[TrelloMember]>

    /// One page of the board's cards made after `since` and before `before` (each a card id or an ISO 8601 date),
    /// newest first, at most `limit` of them; `filter` `.all` includes archived cards.
    func cards(board: String, filter: TrelloCardFilter, since: String?, before: String?, limit: Int)
        async throws(TrelloError) -> TrelloReply<[TrelloCard]>

    /// Creates an open list at the bottom of the board.
    func createList(board: String, name: String) async throws(TrelloError) -> TrelloReply<TrelloList>

    /// Creates a label on the board; `color` nil makes a colourless one.
    func createLabel(board: String, name: String, color: String?) async throws(TrelloError) -> TrelloReply<TrelloLabel>

    /// Creates a card at the bottom of the list `listID`. A request that was sent but got no answer fails with
    /// `.outcomeUnknown`: the card may exist.
    func createCard(listID: String, name: String, description: String, labelIDs: [String], memberIDs: [String])
        async throws(TrelloError) -> TrelloReply<TrelloCard>

    /// Archives a card (`closed=true`); archiving twice is harmless.
    func archiveCard(_ id: String) async throws(TrelloError) -> TrelloReply<TrelloCard>
}
