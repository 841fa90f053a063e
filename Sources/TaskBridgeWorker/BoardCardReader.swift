import Foundation
import Trello

/// Reads the board's cards made since a moment, in bounded pages, newest first: how the bridge finds its cards on
/// a board of any size without ever asking for the whole board.
///
/// A card id starts with its creation second, so Trello's `since` keeps a page to recent cards and `before` (the
/// oldest id of the last page) moves to the next one. A page whose answer is too large (long descriptions) or
/// too slow to come is asked for again at half the size.
struct BoardCardReader: Sendable {
    /// Trello's largest `limit` for a card listing.
    static let maximumPageSize = 1000
    /// The smallest page asked for before a too-large answer counts as a failure.
    static let minimumPageSize = 10

    let trello: TrelloGateway
    let boardID: String
    /// Cards asked for per request; halved while answers are too large.
    var pageSize: Int = maximumPageSize

    /// Every card made at or after `since`, newest first, as `keeping` makes it (nothing when it returns nil), page
    /// by page, so that a big board's descriptions need not all be held; `filter` `.all` includes archived ones.
    /// `beforeEachPage` runs before each request (the reconciler spends its budget share there); `operation` names
    /// the requests in metrics and logs. A page that fails transiently is asked for again up to `retries` times in
    /// a row.
    func cards<Kept>(
        since: Date,
        filter: TrelloCardFilter,
        operation: TrelloOperation,
        retries: Int = 0,
        beforeEachPage: @Sendable () async throws -> Void = {},
        keeping: (TrelloCard) -> Kept?
    ) async throws -> [Kept] {
        let sinceText = Self.iso8601(since)
        var kept: [Kept] = []
        var before: String?
        var size = pageSize
        var failures = 0
        while true {
            try await beforeEachPage()
            let page: [TrelloCard]
            do {
                page = try await trello.perform(operation) { [boardID, before, size] client in
                    try await client.cards(board: boardID, filter: filter, since: sinceText, before: before, limit: size)
                }
            } catch let error as TrelloError where error.isTooLarge && size > Self.minimumPageSize {
                size = max(size / 2, Self.minimumPageSize)
                continue
            } catch let error as TrelloError where error.kind == .transient && failures < retries && !Task.isCancelled {
                failures += 1
                // A page that took too long to come (no answer at all) is asked for again at half the size.
                if error.status == nil { size = max(size / 2, Self.minimumPageSize) }
                continue
            }
            failures = 0
            kept.append(contentsOf: page.compactMap(keeping))
            // Trello pages newest first; a short page is the last one.
            guard page.count >= size, let oldest = page.map(\.id).min() else { return kept }
            before = oldest
        }
    }

    /// `date` as Trello takes it in `since`: ISO 8601 with milliseconds, in UTC.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
