import CurlClient
import Foundation
import HTTPTypes
import PostgresClient
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// The `taskbridge-worker` executable as operators run it: killed outright, or asked to stop.
@Suite(.timeLimit(.minutes(3))) struct ExecutableTests {
    /// The environment of a worker process: the shortest lease its settings allow, so a killed one is taken over soon.
    private static func processEnvironment(_ world: WorkerWorld) -> [String: String] {
        var configuration = world.workerConfiguration(name: "process")
        configuration.worker = WorkerSettings(concurrency: 4, lease: .seconds(5))
        return world.workerEnvironment(configuration)
    }

    /// Starts a `taskbridge-worker` process with those settings.
    private static func startWorker(_ world: WorkerWorld) throws -> ChildProcess {
        try ChildProcess("taskbridge-worker", environment: processEnvironment(world))
    }

    @Test func aWorkerKilledMidBatchLeavesTheRestToAnotherWithOneCardPerTask() async throws {
        try await WorkerWorld.with(sandbox: { $0.faults.latencyMilliseconds = 400 }) { world in
            let ids = try await submitMixed(40, to: world)
            let first = try Self.startWorker(world)
            try await eventually("the first worker has made some cards") { try await world.count(.done) >= 6 }
            first.send(SIGKILL)
            let killed = await first.wait()
            #expect(killed.signal == SIGKILL)
            #expect(try await world.count(.done) < ids.count, "the kill came too late to test anything")

            let second = try Self.startWorker(world)
            try await eventually("the second worker finishes every task") { try await world.count(.done) == ids.count }
            second.send(SIGTERM)
            let stopped = await second.wait()
            #expect(stopped.status == 0, "\(stopped.stderr)")

            let cards = try await world.sandbox.cards()
            #expect(cards.count == ids.count)
            let footers = cards.compactMap { CardFooter.taskID(in: $0.desc) }
            #expect(footers.count == ids.count)
            #expect(Set(footers) == Set(ids))
            let recorded = try await world.postgres.query("SELECT card_id FROM tasks").map { try $0.decode(String.self, at: 0) }
            #expect(Set(recorded) == Set(cards.map(\.id)))
            // The dead worker's leases were taken over, not waited on forever.
            let takeovers = try await world.postgres.query(
                "SELECT count(*)::int8 FROM task_events WHERE detail LIKE '%taking over an expired lease%'"
            ).map { try $0.decode(Int64.self, at: 0) }
            #expect(takeovers.first ?? 0 > 0)
        }
    }

    @Test func sigtermExitsZeroAndLeavesEveryTaskDoneOrReclaimable() async throws {
        try await WorkerWorld.with(sandbox: { $0.faults.latencyMilliseconds = 300 }) { world in
            let ids = try await submitMixed(30, to: world)
            let worker = try Self.startWorker(world)
            try await eventually("the worker has made some cards") { try await world.count(.done) >= 4 }
            worker.send(SIGTERM)
            let outcome = await worker.wait()
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.signal == nil)

            // What the process left: done tasks with their card, the rest waiting for another worker.
            let counts = try await world.statusCounts()
            #expect(counts[.failed] == nil)
            let afterStop = try await world.sandbox.cards().count
            #expect(afterStop >= counts[.done] ?? 0)

            try await world.withWorkers {
                try await eventually("another worker finishes the rest") { try await world.count(.done) == ids.count }
            }
            try await world.expectOneCardPerTask(ids)
        }
    }

    @Test func aWorkerServesItsMetricsAndHealthWhenGivenAPort() async throws {
        try await WorkerWorld.with { world in
            let ids = try await submitMixed(9, to: world)
            let session = try HTTPSession()
            let started = try await ChildProcess.listening(
                "taskbridge-worker", environment: Self.processEnvironment(world),
                portVariable: "WORKER_HTTP_PORT"
            ) { (try? await session.execute(HTTPRequest(url: "http://127.0.0.1:\($0)/healthz")))?.status == 200 }
            let (worker, port) = try #require(started, "the worker never answered on a free port")
            try await eventually("the worker finishes every task") { try await world.count(.done) == ids.count }
            let health = try await session.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/healthz"))
            let metrics = try await session.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/metrics"))
            await session.shutdown()
            worker.send(SIGTERM)
            let stopped = await worker.wait()

            #expect(health.status == 200)
            #expect(metrics.status == 200)
            #expect(metrics.bodyText.contains(#"taskbridge_dispatch_outcomes_total{outcome="done"} \#(ids.count)"#))
            #expect(metrics.bodyText.contains("taskbridge_trello_request_duration_seconds"))
            #expect(stopped.status == 0, "\(stopped.stderr)")
        }
    }

    @Test func aTasksRequestIdIsOnTheWorkersJSONLogLinesForIt() async throws {
        try await WorkerWorld.with { world in
            let requestID = "abc-req-17.trace_1"
            let traced = try await world.submit(
                #"{"type":"issue","title":"Traced","description":"Follow me."}"#,
                headers: [HTTPField.Name("X-Request-Id")!: requestID])
            let untraced = try await world.submit(#"{"type":"issue","title":"Untraced","description":"No id."}"#)
            // An entry without a request id, as the relay and older API versions add, still makes its card.
            let old = TaskSubmission(task: NewTask(type: "issue", title: "Relayed", description: "An old entry."))
            _ = try await TaskStore(pool: world.postgres).insert([old], enqueued: true)
            try await DispatchStream(redis: world.redis, name: "\(world.keyPrefix):dispatch").enqueue([old.id])
            let relayed = old.id
            var environment = Self.processEnvironment(world)
            environment["LOG_FORMAT"] = "json"
            environment["LOG_LEVEL"] = "info"
            let worker = try ChildProcess("taskbridge-worker", environment: environment)
            try await eventually("the worker finishes every task") { try await world.count(.done) == 3 }
            worker.send(SIGTERM)
            let stopped = await worker.wait()
            #expect(stopped.status == 0, "\(stopped.stderr)")

            let records = stopped.stderr.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String]
            }
            #expect(records.count == stopped.stderr.split(separator: "\n").count, "every log line is one JSON object")
            func lines(of task: UUID) -> [[String: String]] {
                records.filter { $0["task.id"] == task.uuidString.lowercased() }
            }
            // "Card created", or, when a slow create timed out and a later attempt found its card, the line saying so.
            func namesItsCard(_ lines: [[String: String]]) -> Bool { lines.contains { $0["card.id"] != nil } }
            let tracedLines = lines(of: traced)
            #expect(namesItsCard(tracedLines), "\(tracedLines)")
            #expect(!tracedLines.isEmpty && tracedLines.allSatisfy { $0["request.id"] == requestID }, "\(tracedLines)")
            // The untraced request got an id of its own from the API; the relayed entry carried none.
            let untracedLines = lines(of: untraced)
            #expect(namesItsCard(untracedLines), "\(untracedLines)")
            #expect(untracedLines.allSatisfy { $0["request.id"] != nil && $0["request.id"] != requestID })
            let relayedLines = lines(of: relayed)
            #expect(namesItsCard(relayedLines), "\(relayedLines)")
            #expect(relayedLines.allSatisfy { $0["request.id"] == nil })
            #expect(try await world.sandbox.cards().count == 3)
        }
    }

    @Test func aMissingSettingStopsTheWorkerWithOneLineNamingIt() async throws {
        let outcome = try await ChildProcess.run(
            "taskbridge-worker", environment: ["DATABASE_URL": TestServices.databaseURL, "REDIS_URL": TestServices.redisURL])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("TRELLO_API_KEY"), "\(outcome.stderr)")
    }
}
