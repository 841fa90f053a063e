import Foundation
import RedisClient
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// A Redis that stops answering (`CLIENT PAUSE`) for longer than the workers' command timeout: dispatch slows,
/// it never wedges, and a worker still stops when asked.
@Suite(.timeLimit(.minutes(3))) struct RedisStallTests {
    /// Longer than the workers' Redis command timeout (3 s), so their commands time out while it lasts.
    private static let stall: Duration = .seconds(8)

    @Test func aStallLongerThanTheCommandTimeoutDuringDispatchEndsWithEveryTaskDoneOnce() async throws {
        try await WorkerWorld.withPrivateServices(
            name: "worker-redis-stall", sandbox: { $0.faults.latencyMilliseconds = 100 }
        ) { world, _ in
            let ids = try await submitMixed(40, to: world)
            let started = ContinuousClock.now
            try await world.withWorkers(2) {
                try await eventually("some tasks are done") { try await world.count(.done) >= 5 }
                _ = try await world.redis.send(["CLIENT", "PAUSE", "\(Self.stall.wholeMilliseconds)", "ALL"])
                #expect(try await world.count(.done) < ids.count, "the stall came too late to test anything")
                try await eventually("every task is done", timeout: .seconds(90)) { try await world.count(.done) == ids.count }
            }
            #expect(ContinuousClock.now - started < .seconds(90))
            #expect(try await world.count(.failed) == 0)
            try await world.expectOneCardPerTask(ids)
        }
    }

    @Test func aWorkerStopsWithinItsGraceWhileRedisIsStalledAndNothingIsLost() async throws {
        try await WorkerWorld.withPrivateServices(
            name: "worker-redis-stall-stop", sandbox: { $0.faults.latencyMilliseconds = 300 }
        ) { world, _ in
            let ids = try await submitMixed(20, to: world)
            var configuration = world.workerConfiguration(name: "stalled")
            configuration.worker = WorkerSettings(concurrency: 4, lease: .seconds(5))
            let worker = try ChildProcess("taskbridge-worker", environment: world.workerEnvironment(configuration))
            try await eventually("the worker has made some cards") { try await world.count(.done) >= 3 }
            let stall = Duration.seconds(15)
            _ = try await world.redis.send(["CLIENT", "PAUSE", "\(stall.wholeMilliseconds)", "ALL"])
            let pausedAt = ContinuousClock.now
            // Long enough for the worker's commands to be stuck on the stalled server.
            try await Task.sleep(for: .seconds(1))
            worker.send(SIGTERM)
            let (stopped, took) = await worker.wait(killingAfter: .seconds(30))
            // The grace for tasks in flight plus a command timeout or two (about 8 s) would do; what must hold on a
            // loaded machine too is that the worker did not wait for Redis to answer again.
            #expect(ContinuousClock.now < pausedAt + stall, "the worker stopped only after Redis answered again (took \(took))")
            #expect(stopped.status == 0, "\(stopped.stderr.suffix(2000))")

            try await Task.sleep(until: pausedAt + stall, clock: .continuous)
            try await world.withWorkers {
                try await eventually("another worker finishes the rest") { try await world.count(.done) == ids.count }
            }
            try await world.expectOneCardPerTask(ids)
        }
    }
}
