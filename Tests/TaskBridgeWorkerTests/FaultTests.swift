import Foundation
import TaskBridgeCore
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// Trello misbehaving: connections dropped after the card was made, storms of 429s and 5xx, a card refused.
@Suite(.timeLimit(.minutes(3))) struct FaultTests {
    @Test func aConnectionDroppedAfterTheCardWasMadeNeverMakesASecondCard() async throws {
        try await WorkerWorld.with(sandbox: { $0.faults.dropAfterCreateRate = 0.5 }) { world in
            let ids = try await submitMixed(40, to: world)
            try await world.withWorkers(2) {
                try await eventually("40 tasks are done") { try await world.count(.done) == ids.count }
            }
            let counters = try await world.sandbox.counters()
            // The fault really happened, and each drop's card was found by its footer instead of made again.
            #expect((counters["POST /1/cards"]?["dropped"] ?? 0) > 0, "\(counters)")
            let cards = try await world.sandbox.cards()
            let footers = cards.compactMap { CardFooter.taskID(in: $0.desc) }
            #expect(cards.count == ids.count)
            #expect(Set(footers) == Set(ids))
            for id in ids {
                let row = try await world.task(id)
                #expect(cards.contains { $0.id == row.cardID })
            }
        }
    }

    @Test(arguments: [#"{"rateLimitRate": 1}"#, #"{"errorRate": 1}"#])
    func aStormOfFailuresIsRiddenOutWithNothingFailedOrDoubled(storm: String) async throws {
        try await WorkerWorld.with { world in
            try await world.sandbox.put("faults", storm)
            let ids = try await submitMixed(30, to: world)
            try await world.withWorkers(2) {
                try await eventually("the storm hits the workers") { try await world.count(.retrying) > 0 }
                try await eventually("Trello refused 40 requests") {
                    try await world.sandbox.counters().values.reduce(0) { $0 + $1.filter { $0.key != "200" }.values.reduce(0, +) } >= 40
                }
                #expect(try await world.count(.done) == 0)
                try await world.sandbox.put("faults", #"{"rateLimitRate": 0, "errorRate": 0}"#)
                try await eventually("30 tasks are done") { try await world.count(.done) == ids.count }
            }
            #expect(try await world.count(.failed) == 0)
            try await world.expectOneCardPerTask(ids)
            let retried = try await world.task(ids[0])
            #expect(retried.attempts > 1)
            #expect(retried.lastError?.hasPrefix("Trello ") == true)
        }
    }

    @Test func aStormOfMixedFaultsAllAtOnceEndsWithOneCardPerTask() async throws {
        try await WorkerWorld.with(sandbox: {
            $0.faults = .init(errorRate: 0.2, rateLimitRate: 0.2, dropAfterCreateRate: 0.2)
        }) { world in
            let ids = try await submitMixed(60, to: world)
            try await world.withWorkers(3) {
                try await eventually("60 tasks are done", timeout: .seconds(90)) { try await world.count(.done) == ids.count }
            }
            try await world.expectOneCardPerTask(ids)
        }
    }

    @Test func aCardTrelloRefusesFailsOnlyItsTaskWithTrellosMessage() async throws {
        try await WorkerWorld.with { world in
            let good = try await submitMixed(6, to: world)
            // The API would refuse this title; stored directly (and left for the relay to enqueue), it reaches
            // Trello, which refuses names over 16384 characters.
            let submission = TaskSubmission(
                task: NewTask(type: "issue", title: String(repeating: "x", count: 20_000), description: "too long"))
            _ = try await TaskStore(pool: world.postgres).insert([submission], enqueued: false)
            let refused = submission.id
            try await world.withWorkers {
                try await eventually("the refused task fails") { try await world.task(refused).status == .failed }
                try await eventually("the others are done") { try await world.count(.done) == good.count }
            }
            let row = try await world.task(refused)
            // Trello's refusal is final: the attempt it answered is the last one, and nothing retries it. (Under the
            // whole suite's load an earlier attempt may time out first, with the tests' 2 s request timeout.)
            let events = try await world.events(refused)
            #expect(events.last?.hasPrefix("dispatching→failed: Trello POST /cards answered 400") == true, "\(events)")
            #expect(events.filter { $0.contains("answered 400") }.count == 1, "\(events)")
            #expect(row.cardID == nil)
            #expect(row.lastError?.contains("invalid value for name") == true, "\(row.lastError ?? "")")
            #expect(row.lastError?.contains("400") == true)
            let api = try await world.fetch(refused)
            #expect(api["status"] as? String == "failed")
            #expect((api["last_error"] as? String)?.contains("invalid value for name") == true)
            #expect(try await world.sandbox.cards().count == good.count)
        }
    }
}
