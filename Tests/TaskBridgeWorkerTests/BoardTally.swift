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
    /// The card id on each task's row; absent while none is recorded.
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
            "SELECT id, card_id FROM tasks WHERE id = ANY(\(ids)::uuid[]) AND card_id IS NOT NULL")
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

    /// Records an issue unless every task of `ids` has exactly one card (`openOnly`: exactly one open card, any
    /// number archived), that card is the one recorded on its row, and no card names a task outside `ids`.
    func expectOneCardEach(_ ids: [UUID], openOnly: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let miscounted = miscounted(ids, openOnly: openOnly)
        let what = openOnly ? "open cards" : "cards"
        // Counts, not the collections: with thousands of tasks the collections would drown the report.
        let lost = miscounted.filter { $0.value == 0 }.keys.sorted { $0.uuidString < $1.uuidString }
        let doubled = miscounted.filter { $0.value > 1 }.keys.sorted { $0.uuidString < $1.uuidString }
        #expect(lost.count == 0, "\(lost.count) of \(ids.count) tasks have no \(what), e.g. \(lost.prefix(3))",
                sourceLocation: sourceLocation)
        #expect(doubled.count == 0, "\(doubled.count) of \(ids.count) tasks have several \(what), e.g. \(doubled.prefix(3).map { "\($0): \(miscounted[$0] ?? 0)" })",
                sourceLocation: sourceLocation)
        let mismatched = ids.filter { id in
            guard miscounted[id] == nil, let card = (cards[id] ?? []).first(where: { !openOnly || !$0.closed }) else {
                return false
            }
            return recorded[id] != card.id
        }
        #expect(mismatched.count == 0, "\(mismatched.count) tasks record another card than the one on the board, e.g. \(mismatched.prefix(3))",
                sourceLocation: sourceLocation)
        let foreign = strangers.filter { CardFooter.taskID(in: $0.desc) != nil }.count
        #expect(foreign == 0, "\(foreign) cards name tasks the test never submitted", sourceLocation: sourceLocation)
    }
}
