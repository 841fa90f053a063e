import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// A board far larger than one answer may be: the lookup for an unknown outcome reads bounded pages of it.
@Suite(.timeLimit(.minutes(3))) struct LargeBoardTests {
    @Test func unknownOutcomesOnATwentyThousandCardBoardFindTheirCardsInBoundedPages() async throws {
        try await WorkerWorld.with { world in
            // 20,000 cards of 1 kB each: about 24 MB of JSON, more than the HTTP client takes in one answer (16 MiB),
            // so reading the whole board at once, as lookups once did, would fail.
            // Made an hour ago, as a real board's cards were made over time.
            let lastSeeded = try await world.sandbox.seedCards(20_000, description: String(repeating: "x", count: 1000), ageSeconds: 3600)
            let seeded = try await world.sandbox.listings().count
            // Every create lands, then the connection drops: each task's outcome is unknown, and only a lookup
            // can find its card.
            try await world.sandbox.put("faults", #"{"dropAfterCreateRate": 1}"#)
            let ids = try await submitMixed(3, to: world)
            // A lease far longer than a loaded machine needs to read 24 MB: a lease that ran out mid-lookup would
            // hand the task to another attempt and another read.
            try await world.withWorkers(1, { $0.worker.lease = .seconds(30) }) {
                try await eventually("3 tasks are done") { try await world.count(.done) == ids.count }
            }

            let lookups = try await world.sandbox.listings().dropFirst(seeded)
            let counters = try await world.sandbox.counters()
            print("large board: 3 unknown outcomes on 20,003 cards took \(lookups.count) listing requests")
            #expect((counters["POST /1/cards"]?["dropped"] ?? 0) >= ids.count, "\(counters)")
            #expect(!lookups.isEmpty)
            // Every request asked for one page of at most 1000 cards, and none failed.
            for lookup in lookups {
                let limit = URLComponents(string: lookup.target)?.queryItems?.first { $0.name == "limit" }?.value
                #expect(limit.flatMap(Int.init).map { $0 <= 1000 } == true, "\(lookup.target)")
                #expect(lookup.outcome == "200", "\(lookup)")
            }
            // A lookup reads the cards made since its task's unknown create (less margins for clocks): a page or
            // two, never the hour-old 20,000.
            #expect(lookups.count <= 2 * ids.count)
            let cards = try await world.sandbox.cards(madeAfter: lastSeeded)
            #expect(cards.count == ids.count)
            for id in ids {
                let mine = cards.filter { CardFooter.taskID(in: $0.desc) == id }
                #expect(mine.count == 1, "task \(id) has \(mine.count) cards")
                #expect(try await world.task(id).cardID == mine.first?.id)
            }
        }
    }
}
