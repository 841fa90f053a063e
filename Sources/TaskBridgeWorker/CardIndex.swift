import Foundation
import TaskBridgeCore
import Trello

/// Finds the card an earlier attempt may have made for a task, by the footer its description ends with, among
/// the board's cards made since that attempt: a few bounded pages however large the board is.
///
/// Lookups at about the same time share one read: a read that began after a task was claimed shows every card an
/// earlier attempt made (that attempt ended, or can no longer land, before the claim), and a read reaching back
/// at least as far as a lookup needs serves it too. Reads reach back `sharedReach` at least, so one read serves
/// a burst of lookups after an outage.
actor CardIndex {
    /// The least a read reaches back: a burst of unknown outcomes, all made within it, shares one read.
    static let sharedReach: Duration = .seconds(300)

    private struct Read {
        let startedAt: ContinuousClock.Instant
        let since: Date
        let cards: Task<[UUID: TrelloCard], any Error>

        func serves(since wanted: Date, claimedAt: ContinuousClock.Instant) -> Bool {
            startedAt >= claimedAt && since <= wanted
        }
    }

    private let reader: BoardCardReader
    private var latest: Read?
    private var reading: Read?

    init(reader: BoardCardReader) {
        self.reader = reader
    }

    /// The card whose footer names `taskID` among the board's cards (archived ones too) made since `since`, from a
    /// read that began after `claimedAt`; the lowest id when there are several.
    func card(for taskID: UUID, madeSince since: Date, claimedAt: ContinuousClock.Instant) async throws -> TrelloCard? {
        for read in [latest, reading].compactMap(\.self) where read.serves(since: since, claimedAt: claimedAt) {
            return try await read.cards.value[taskID]
        }
        let startedAt = ContinuousClock.now
        let reach = min(since, Date.now.addingTimeInterval(-Double(Self.sharedReach.wholeMilliseconds) / 1000))
        let reader = reader
        let read = Read(startedAt: startedAt, since: reach, cards: Task {
            let footed = try await reader.cards(since: reach, filter: .all, operation: "lookup_cards") { card -> (UUID, TrelloCard)? in
                // The description was only needed to find the footer: a page's texts need not stay in memory.
                guard let id = CardFooter.taskID(in: card.desc) else { return nil }
                var bare = card
                bare.desc = ""
                return (id, bare)
            }
            var byTask: [UUID: TrelloCard] = [:]
            for (id, card) in footed where byTask[id].map({ card.id < $0.id }) ?? true {
                byTask[id] = card
            }
            return byTask
        })
        reading = read
        defer { if reading?.startedAt == startedAt { reading = nil } }
        let cards = try await read.cards.value
        if (latest?.startedAt ?? startedAt) <= startedAt {
            latest = read
        }
        return cards[taskID]
    }
}
