import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// Trello unavailable for longer than a task's attempts would last: 5xx, then 429s with a huge `Retry-After`.
/// Such failures are retried for `RETRY_MAX_ELAPSED_MS`, not `RETRY_MAX_ATTEMPTS`.
@Suite(.timeLimit(.minutes(3))) struct TrelloOutageTests {
    /// Three attempts for other failures, a minute for Trello's outages, quick backoff, `Retry-After` capped at 100 ms.
    private static func outageRetry(maxElapsed: Duration, maxAttempts: Int = 3) -> RetryPolicy {
        RetryPolicy(
            base: .milliseconds(20), cap: .milliseconds(200), maxAttempts: maxAttempts, maxElapsed: maxElapsed,
            retryAfterCap: .milliseconds(100))
    }

    @Test func anOutageOutlastingTheAttemptsIsRiddenOutWithOneCardPerTask() async throws {
        // An hour-long Retry-After on every 429: honoured in full, it would park the tasks and the fleet's limiter.
        try await WorkerWorld.with(sandbox: { $0.limits.retryAfterSeconds = 3600 }) { world in
            try await world.sandbox.put("faults", #"{"errorRate": 1}"#)
            let ids = try await submitMixed(5, to: world)
            let started = ContinuousClock.now
            // Bounds for a loaded run (a full suite on two cores once needed more than 30 s for six attempts): the
            // budget outlasts every wait below, so no task may fail while they run.
            try await world.withWorkers(1, { $0.retry = Self.outageRetry(maxElapsed: .seconds(120)) }) {
                try await eventually("every task has failed 6 attempts on 5xx", timeout: .seconds(50)) {
                    try await Self.allAttempted(ids, atLeast: 6, in: world)
                }
                try await world.sandbox.put("faults", #"{"errorRate": 0, "rateLimitRate": 1}"#)
                try await eventually("every task has failed 12 attempts on 5xx and 429", timeout: .seconds(40)) {
                    try await Self.allAttempted(ids, atLeast: 12, in: world)
                }
                #expect(try await world.count(.failed) == 0)
                try await world.sandbox.put("faults", #"{"rateLimitRate": 0}"#)
                try await eventually("every task is done", timeout: .seconds(30)) { try await world.count(.done) == ids.count }
            }
            #expect(ContinuousClock.now - started < .seconds(120), "within the outage budget")
            #expect(try await world.sandbox.count(of: "429") > 0)
            #expect(try await world.sandbox.count(of: "503") + world.sandbox.count(of: "500") + world.sandbox.count(of: "502") > 0)
            try await world.expectOneCardPerTask(ids)
            for id in ids {
                let row = try await world.task(id)
                #expect(row.status == .done)
                #expect(row.attempts > 10, "attempts past RETRY_MAX_ATTEMPTS=3: \(row.attempts)")
            }
        }
    }

    @Test func aTaskWhoseOutageBudgetRanOutFailsSayingSo() async throws {
        try await WorkerWorld.with { world in
            try await world.sandbox.put("faults", #"{"errorRate": 1}"#)
            let ids = try await submitMixed(3, to: world)
            // Retries come due through the relay: a short interval fits many attempts in the budget, even on a
            // loaded machine.
            try await world.withWorkers(1, {
                // One attempt allowed by count: any second attempt shows that the budget, not the count, governs,
                // however few attempts a loaded machine fits in it.
                $0.retry = Self.outageRetry(maxElapsed: .seconds(6), maxAttempts: 1)
                $0.relayInterval = .milliseconds(100)
            }) {
                // Bounded, not timed: the 6 s budget ends every task well within it, and a loaded run (a full suite
                // on two cores took 20 s with the worker's stop) still fits.
                try await eventually("every task has failed", timeout: .seconds(30)) {
                    try await world.count(.failed) == ids.count
                }
            }
            #expect(try await world.sandbox.cards().isEmpty)
            for id in ids {
                let row = try await world.task(id)
                #expect(row.attempts > 1, "more attempts than RETRY_MAX_ATTEMPTS=1: \(row.attempts)")
                let lastError = try #require(row.lastError)
                #expect(lastError.contains("of Trello failing since the first attempt"), "\(lastError)")
                #expect(lastError.contains("RETRY_MAX_ELAPSED_MS allows 6.0 s"), "\(lastError)")
                #expect(lastError.contains("answered 50"), "\(lastError)")
                #expect((try await world.fetch(id))["last_error"] as? String == lastError)
            }
        }
    }

    /// Whether every task has made at least `attempts` attempts.
    private static func allAttempted(_ ids: [UUID], atLeast attempts: Int, in world: WorkerWorld) async throws -> Bool {
        for id in ids where try await world.task(id).attempts < attempts {
            return false
        }
        return true
    }
}
