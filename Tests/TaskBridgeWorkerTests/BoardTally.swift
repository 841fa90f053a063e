import Foundation
import PostgresClient
import TaskBridgeCore
import Testing
import Trello

/// What a person counting the board would find for a set of tasks: each task's cards by the footer
/// `TaskBridge task <uuid>` in their descriptions (archived ones too), and the card PostgreSQL recorded for it.
struct BoardTally: Sendable {
    /// Every card whose footer names the task, archived ones too.
    let cards: [UUID: [TrelloCard]]
    /// Cards whose footer names none of the tasks, or that have none.
    let strangers: [TrelloCard]
    /// The card id recorded on each task that is done.
    let recorded: [UUID: String]

    /// Reads every card of `world`'s board (`GET /_sandbox/cards`) and the rows of `ids`.
    static func read(_ world: WorkerWorld, tasks ids: [UUID]) async throws -> BoardTally {
        let known = Set(ids)
        var cards: [UUID: [TrelloCard]] = [:]
        var strangers: [TrelloCard] = []
        for card in try await world.sandbox.cards() {
            if let id = CardFooter.taskID(in: card.desc), known.contains(id) {
                cards[id, default: []].append(card)
            } else {
                strangers.append(card)
            }
        }
        var recorded: [UUID: String] = [:]
        for row in try await world.postgres.query(
            "SELECT id, coalesce(card_id, '') FROM tasks WHERE id = ANY(\(ids)::uuid[]) AND status = 'done'")
        {
            let (id, cardID) = try row.decode((UUID, String).self)
            recorded[id] = cardID
        }
        return BoardTally(cards: cards, strangers: strangers, recorded: recorded)
    }

    /// The tasks of `ids` whose cards are not exactly one, with how many they have: `openOnly` counts only cards
    /// not archived.
    func miscounted(_ ids: [UUID], openOnly: Bool) -> [UUID: Int] {
        var miscounted: [UUID: Int] = [:]
        for id in ids {
            let count = (cards[id] ?? []).filter { !openOnly || !$0.closed }.count
            if count != 1 { miscounted[id] = count }
        }
        return miscounted
    }

    /// Records an issue unless every task of `ids` has at most one card (`openOnly`: at most one open card, any
    /// number archived), every done one has exactly one and it is the card recorded on its row, and no card names a
    /// task outside `ids`. Whether every task is done is for the caller to check.
    func expectOneCardEach(_ ids: [UUID], openOnly: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let miscounted = miscounted(ids, openOnly: openOnly)
        let what = openOnly ? "open card" : "card"
        // Counts and a few ids, not the collections: with thousands of tasks those would drown the report.
        let lost = ids.filter { recorded[$0] != nil && miscounted[$0] == 0 }
        let doubled = ids.filter { (miscounted[$0] ?? 0) > 1 }
        #expect(lost.count == 0, "\(lost.count) of \(ids.count) tasks are done without a \(what), e.g. \(lost.prefix(3))",
                sourceLocation: sourceLocation)
        #expect(doubled.count == 0, "\(doubled.count) of \(ids.count) tasks have more than one \(what), e.g. \(doubled.prefix(3).map { "\($0): \(miscounted[$0] ?? 0)" })",
                sourceLocation: sourceLocation)
        let mismatched = ids.filter { id in
            guard let recorded = recorded[id], miscounted[id] == nil,
                let card = (cards[id] ?? []).first(where: { !openOnly || !$0.closed })
            else { return false }
            return recorded != card.id
        }
        #expect(mismatched.count == 0, "\(mismatched.count) done tasks record another card than the one on the board, e.g. \(mismatched.prefix(3))",
                sourceLocation: sourceLocation)
        let foreign = strangers.filter { CardFooter.taskID(in: $0.desc) != nil }.count
        #expect(foreign == 0, "\(foreign) cards name tasks the test never submitted", sourceLocation: sourceLocation)
    }
}
