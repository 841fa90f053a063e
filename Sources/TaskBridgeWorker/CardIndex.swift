import Foundation
import TaskBridgeCore
import Trello

/// Finds the card an earlier attempt may have made for a task, by the footer its description ends with, among
/// the board's cards made since that attempt: a few bounded pages however large the board is.
///
/// It keeps what it has read (the footed cards, bare of their descriptions) and the newest card it saw, so a later
/// lookup reads only what the board gained since (from 15 s before that card), usually one short page. A lookup is answered only from a read
/// that began after its task was claimed: such a read shows every card an earlier attempt made (that attempt
/// ended, or can no longer land, before the claim). One read runs at a time; lookups arriving meanwhile wait for it
/// and, when it began too early for them, share the next one.
actor CardIndex {
    /// What the reads so far have shown.
    private struct Snapshot {
        /// The card with each task's footer; the lowest id when there are several.
        var cards: [UUID: TrelloCard] = [:]
        /// Every card made from then until `readStartedAt` is in `cards`, if it has a footer.
        var since: Date
        /// The newest card seen, footer or not: the next read asks only for cards after it.
        var newestID: String?
        /// When the latest read began.
        var readStartedAt: ContinuousClock.Instant
    }

    /// Past this many footed cards, the next lookup starts afresh instead of adding to them.
    static let maximumKept = 100_000
    /// How much further back than a lookup needs a fresh read reaches, so lookups for slightly older creates
    /// that follow can build on it.
    static let extraReach: Duration = .seconds(60)
    /// How far before the newest card seen a later read starts again. A card id orders by its creation second,
    /// but within a second (and across Trello's servers' clocks) ids need not follow creation, so "after the
    /// newest id" could miss a card made at about the same time.
    static let overlap: Duration = .seconds(15)
    /// How many times in a row a page that failed for now is asked for again before the lookup fails.
    static let pageRetries = 2

    private let reader: BoardCardReader
    private var snapshot: Snapshot?
    private var reading: Task<Void, any Error>?

    init(reader: BoardCardReader) {
        self.reader = reader
    }

    /// The card whose footer names `taskID` among the board's cards (archived ones too) made since `since`, from a
    /// read that began after `claimedAt`; the lowest id when there are several.
    func card(for taskID: UUID, madeSince since: Date, claimedAt: ContinuousClock.Instant) async throws -> TrelloCard? {
        while true {
            if let snapshot, snapshot.since <= since, snapshot.readStartedAt >= claimedAt {
                return snapshot.cards[taskID]
            }
            if let reading {
                // Whatever became of it, look again: it may serve this lookup, or the next read will.
                _ = try? await reading.value
                continue
            }
            let base = snapshot.flatMap { $0.since <= since && $0.cards.count < Self.maximumKept ? $0 : nil }
            let read = Task { [reader] in
                do {
                    let fresh = try await Self.read(reader, adding: base, since: since)
                    self.finish(fresh)
                } catch {
                    self.finish(nil)
                    throw error
                }
            }
            reading = read
            try await read.value
        }
    }

    /// Installs a read's snapshot (nil when it failed) and lets the next read start.
    private func finish(_ fresh: Snapshot?) {
        if let fresh, fresh.readStartedAt >= snapshot?.readStartedAt ?? fresh.readStartedAt {
            snapshot = fresh
        }
        reading = nil
    }

    /// `base` with the cards made after its newest, or, without a base, every card made since `since` (less
    /// `extraReach`).
    private static func read(_ reader: BoardCardReader, adding base: Snapshot?, since: Date) async throws -> Snapshot {
        let startedAt = ContinuousClock.now
        var snapshot = base ?? Snapshot(since: since - extraReach, readStartedAt: startedAt)
        var newestID = snapshot.newestID
        let keep = { (card: TrelloCard) -> (UUID, TrelloCard)? in
            if newestID.map({ card.id > $0 }) ?? true { newestID = card.id }
            // The description was only needed to find the footer: a page's texts need not stay in memory.
            guard let id = CardFooter.deliveryID(in: card.desc) else { return nil }
            var bare = card
            bare.desc = ""
            return (id, bare)
        }
        var readSince = snapshot.since
        if base != nil, let newest = newestID.flatMap(Self.creationDate(ofCardID:)) {
            readSince = max(readSince, newest - overlap)
        }
        let footed = try await reader.cards(
            since: readSince, filter: .all, operation: .lookupCards, retries: pageRetries, keeping: keep)
        for (id, card) in footed where snapshot.cards[id].map({ card.id < $0.id }) ?? true {
            snapshot.cards[id] = card
        }
        snapshot.newestID = newestID
        snapshot.readStartedAt = startedAt
        return snapshot
    }

    /// When a card was made, to the second: the first 8 hex digits of its id (a Mongo ObjectId).
    static func creationDate(ofCardID id: String) -> Date? {
        guard id.utf8.count >= 8, let seconds = UInt32(id.prefix(8), radix: 16) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
