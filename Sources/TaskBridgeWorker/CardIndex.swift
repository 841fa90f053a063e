import Foundation
import TaskBridgeCore
import Trello

/// Finds the card an earlier attempt may have made for a task, by the footer its description ends with.
///
/// The board's cards are read once for every task that needs looking up at about the same time: a snapshot read
/// after a task was claimed shows every card an earlier attempt made (that attempt ended before the lease it held
/// expired, or before this worker's own retry), so later lookups share it instead of each reading the board.
actor CardIndex {
    private let trello: TrelloGateway
    private let boardID: String
    private var snapshot: (readFrom: ContinuousClock.Instant, cards: [UUID: TrelloCard])?
    private var reading: (readFrom: ContinuousClock.Instant, task: Task<[UUID: TrelloCard], any Error>)?

    init(trello: TrelloGateway, boardID: String) {
        self.trello = trello
        self.boardID = boardID
    }

    /// The card whose footer names `taskID`, from a read of the board that began after `claimedAt`.
    func card(for taskID: UUID, claimedAt: ContinuousClock.Instant) async throws -> TrelloCard? {
        if let snapshot, snapshot.readFrom >= claimedAt {
            return snapshot.cards[taskID]
        }
        if let reading, reading.readFrom >= claimedAt {
            return try await reading.task.value[taskID]
        }
        let readFrom = ContinuousClock.now
        let (trello, boardID) = (trello, boardID)
        let task = Task {
            let cards = try await trello.perform("cards") { try await $0.cards(board: boardID) }
            var byTask: [UUID: TrelloCard] = [:]
            for var card in cards {
                guard let id = CardFooter.taskID(in: card.desc), byTask[id] == nil else { continue }
                // The description was only needed to find the footer; a big board's texts need not stay in memory.
                card.desc = ""
                byTask[id] = card
            }
            return byTask
        }
        reading = (readFrom, task)
        defer { if reading?.readFrom == readFrom { reading = nil } }
        let cards = try await task.value
        if (snapshot?.readFrom ?? readFrom) <= readFrom {
            snapshot = (readFrom, cards)
        }
        return cards[taskID]
    }
}
