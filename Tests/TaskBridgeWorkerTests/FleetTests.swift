import Foundation
import PostgresClient
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// Several workers sharing one queue, one board and one Trello budget.
@Suite(.timeLimit(.minutes(3))) struct FleetTests {
    @Test func fiveHundredTasksThroughThreeWorkersMakeFiveHundredCardsNoneTwice() async throws {
        try await WorkerWorld.with { world in
            let ids = try await submitMixed(500, to: world)
            try await world.withWorkers(3) {
                try await eventually("500 tasks are done", timeout: .seconds(90)) { try await world.count(.done) == 500 }
            }
            let cards = try await world.sandbox.cards()
            #expect(cards.count == 500)
            let footers = cards.compactMap { CardFooter.taskID(in: $0.desc) }
            #expect(Set(footers) == Set(ids))
            #expect(footers.count == 500)
            let cardIDs = Set(cards.map(\.id))
            let recorded = try await world.postgres.query("SELECT card_id FROM tasks WHERE status = 'done'").map {
                try $0.decode(String.self, at: 0)
            }
            #expect(Set(recorded) == cardIDs)
            #expect(try await world.sandbox.counters()["POST /1/cards"]?["200"] == 500)
            let counters = try await world.sandbox.counters()
            let metadataReads = counters.filter { route, _ in
                route.hasPrefix("GET ") && ["/lists", "/labels", "/members"].contains { route.hasSuffix($0) }
            }
            // Board metadata is shared through Redis: at most one read of each per worker (they start together),
            // never one per card.
            #expect(metadataReads.count == 3, "\(counters)")
            #expect(metadataReads.values.allSatisfy { $0.values.reduce(0, +) <= 3 }, "\(counters)")
        }
    }

    @Test func aFleetUnderTrellosLimitsStaysUnderThemWithoutA429() async throws {
        // The fleet is told 75% of what the sandbox allows, over a 4 s window. The sandbox runs in this test process,
        // so on two cores running the whole suite it sees a request up to a few hundred ms after the fleet granted
        // its slot, and such delays bunch requests: at 95% of a 2 s window one delay tipped it now and then, at 85%
        // once the suite had grown. How close to the limit the fleet runs is measured by `make bench` (its
        // rate-limited part), against a sandbox of its own.
        let limits = TrelloRateLimits(tokenLimit: 30, keyLimit: 90, window: .seconds(4))
        try await WorkerWorld.with(sandbox: {
            $0.limits = .init(tokenLimit: 40, keyLimit: 120, windowMilliseconds: 4000)
        }) { world in
            let ids = try await submitMixed(60, to: world)
            try await world.withWorkers(3, { $0.limits = limits }) {
                try await eventually("60 tasks are done", timeout: .seconds(60)) { try await world.count(.done) == ids.count }
            }
            #expect(try await world.sandbox.cards().count == ids.count)
            let counters = try await world.sandbox.counters()
            #expect(counters.values.allSatisfy { $0["429"] == nil }, "\(counters)")
        }
    }
}

/// Submits `count` tasks of every kind, a few at a time, and returns their ids.
func submitMixed(_ count: Int, to world: WorkerWorld) async throws -> [UUID] {
    let bodies = (0..<count).map { index -> String in
        switch index % 3 {
        case 0: #"{"type":"issue","title":"Issue \#(index)","description":"Details of issue \#(index)."}"#
        case 1: #"{"type":"bug","description":"Bug number \#(index)."}"#
        default:
            #"{"type":"task","title":"Task \#(index)","category":"\#(CategorizedTaskKind.categories[(index / 3) % 3])"}"#
        }
    }
    return try await withThrowingTaskGroup(of: [UUID].self) { group in
        let lanes = 16
        for lane in 0..<lanes {
            group.addTask {
                var ids: [UUID] = []
                for index in stride(from: lane, to: count, by: lanes) {
                    ids.append(try await world.submit(bodies[index]))
                }
                return ids
            }
        }
        return try await group.reduce(into: []) { $0 += $1 }
    }
}
