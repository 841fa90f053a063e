import Foundation
import PostgresClient
import RedisClient
import TaskBridgeCore
@testable import TaskBridgeWorker
import Synchronization
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// A backlog longer than the stream's trim length (`DISPATCH_STREAM_MAX_LENGTH`): entries trimmed before any
/// worker read them are added again by the relay, even while new tasks keep the stream from ever running dry.
@Suite(.timeLimit(.minutes(3))) struct TrimmedBacklogTests {
    /// The trim length of these tests: far below their backlogs.
    static let trimLength = 20

    @Test func aPassReAddsWhatWasTrimmedFromUnderABacklogAndNothingStillInTheStream() async throws {
        try await WorkerWorld.with { world in
            let intake = Intake(world: world)
            let trimmed = try await intake.add(300)
            // Later than a lease after the first batch, a second one trims away what is left of it (`MAXLEN ~`
            // drops whole nodes of about a hundred entries, so it takes a few hundred).
            // The lease is long enough that a loaded machine still adds the whole second batch within it.
            let lease = Duration.seconds(4)
            try await Task.sleep(for: lease + .milliseconds(200))
            let arrived = try await intake.add(200)
            let before = try await intake.entries()
            #expect(before.count < 200, "the stream was trimmed: \(before.count) entries")
            #expect(Set(before.keys).isDisjoint(with: trimmed))
            // The relay's marker that Redis is not fresh: without it, the pass would re-add every task.
            _ = try await world.redis.send(["SET", "\(world.keyPrefix):relay:epoch", "test"])

            let relay = Relay(
                store: TaskStore(pool: world.postgres),
                stream: DispatchStream(redis: world.redis, name: intake.stream.name, maxLength: 10_000),
                redis: world.redis, keyPrefix: world.keyPrefix, owner: "relay-test", interval: .seconds(1),
                lease: lease, metrics: WorkerMetrics(), logger: world.logger)
            try await relay.pass()

            // No worker read anything: the trim alone told the relay. Every trimmed task is back once; the second
            // batch, enqueued less than a lease before the stream's first entry, is left as it was: none doubled.
            #expect(try await intake.stream.depth()?.pending == 0)
            let after = try await intake.entries()
            for id in trimmed {
                #expect(after[id]?.count == 1, "task \(id) has \(after[id]?.count ?? 0) entries")
            }
            for id in arrived {
                #expect(after[id] == before[id], "task \(id) was added again")
            }
        }
    }

    @Test func aGroupThatReadEverythingATrimLeftHasNothingUndelivered() async throws {
        try await WorkerWorld.with { world in
            let name = "\(world.keyPrefix):depth"
            let stream = DispatchStream(redis: world.redis, name: name, maxLength: 10_000)
            _ = try await world.redis.send(["XGROUP", "CREATE", RedisArgument(name), RedisArgument(DispatchStream.defaultGroup), "$", "MKSTREAM"])
            for index in 1...5 {
                _ = try await world.redis.send(["XADD", RedisArgument(name), "*", "task", RedisArgument("\(index)")])
            }
            let read = ["XREADGROUP", "GROUP", RedisArgument(DispatchStream.defaultGroup), "reader", "COUNT", "3", "STREAMS", RedisArgument(name), ">"]
            _ = try await world.redis.send(read)
            #expect(try await stream.depth()?.undelivered == 2)
            // The fourth entry goes before the group reads it: Redis's lag keeps counting it once the fifth is read.
            _ = try await world.redis.send(["XTRIM", RedisArgument(name), "MAXLEN", "1"])
            _ = try await world.redis.send(read)
            #expect(try await stream.depth()?.undelivered == 0)
        }
    }

    @Test func aBacklogLongerThanTheTrimLengthEndsDoneWithOneCardEachWhileTasksKeepArriving() async throws {
        try await WorkerWorld.with(sandbox: { $0.faults.latencyMilliseconds = 30 }) { world in
            let intake = Intake(world: world)
            let backlog = try await intake.add(300)
            #expect(try await intake.entries().count < 200)
            // The relay's marker that Redis is not fresh: without it, the first pass would re-add every task.
            _ = try await world.redis.send(["SET", "\(world.keyPrefix):relay:epoch", "test"])
            let started = ContinuousClock.now
            // A short lease: an entry trimmed away is added again once its task has waited a lease past the
            // stream's first entry, and a loaded machine trims the arrivals too. Short backoffs: a loaded machine
            // can time out a request to the in-process sandbox, and the default ceiling (minutes) would outlast
            // the test.
            let arrived = try await world.withWorkers(1, {
                $0.streamMaxLength = Self.trimLength
                $0.worker = WorkerSettings(lease: .seconds(6))
                $0.requestTimeout = .seconds(3)
                $0.retry = RetryPolicy(base: .milliseconds(50), cap: .milliseconds(500))
                $0.relayInterval = .milliseconds(250)
            }) {
                // New tasks keep arriving until every task of the backlog is done. They stop at a flag, not by
                // cancellation, which would cut an add short (a cancelled insert is cancelled on the server).
                let stop = StopFlag()
                let arrivals = Task {
                    var ids: [UUID] = []
                    while !stop.isSet {
                        ids += try await intake.add(3)
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    return ids
                }
                let backlogDone: Result<Void, any Error>
                do {
                    try await eventually("the backlog is done while tasks keep arriving", timeout: .seconds(90)) {
                        try await intake.doneCount(backlog) == backlog.count
                    }
                    backlogDone = .success(())
                } catch {
                    backlogDone = .failure(error)
                }
                stop.set()
                let arrived = try await arrivals.value
                try backlogDone.get()
                do {
                    try await eventually("the tasks that arrived meanwhile are done") {
                        try await intake.doneCount(arrived) == arrived.count
                    }
                } catch {
                    // Say where the unfinished ones are, so a failure on a loaded machine can be read.
                    for id in arrived {
                        let row = try await world.task(id)
                        guard row.status != .done else { continue }
                        Issue.record("""
                            \(id): \(row.status) after \(row.attempts) attempts, enqueued \(String(describing: row.enqueuedAt)), \
                            next attempt \(row.nextAttemptAt), last error \(row.lastError ?? "none")
                            """)
                    }
                    throw error
                }
                return arrived
            }
            #expect(ContinuousClock.now - started < .seconds(90))
            #expect(arrived.count > 10, "tasks kept arriving: \(arrived.count)")
            let cards = try await world.sandbox.cards()
            #expect(cards.count == backlog.count + arrived.count)
            #expect(Set(cards.compactMap { CardFooter.taskID(in: $0.desc) }) == Set(backlog + arrived))
        }
    }
}

/// Stands in for an API trimming the stream to `TrimmedBacklogTests.trimLength`: stores tasks as enqueued, then
/// adds their entries.
private struct Intake: Sendable {
    let world: WorkerWorld
    let stream: DispatchStream

    init(world: WorkerWorld) {
        self.world = world
        self.stream = DispatchStream(
            redis: world.redis, name: "\(world.keyPrefix):dispatch", maxLength: TrimmedBacklogTests.trimLength)
    }

    /// Accepts `count` new tasks; returns their ids.
    func add(_ count: Int) async throws -> [UUID] {
        let submissions = (0..<count).map { index in
            TaskSubmission(task: NewTask(type: "issue", title: "Backlog \(index)", description: "Arrived in a backlog."))
        }
        _ = try await TaskStore(pool: world.postgres).insert(submissions, enqueued: true)
        let ids = submissions.map(\.id)
        try await stream.enqueue(ids)
        return ids
    }

    /// The stream's entries by task id.
    func entries() async throws -> [UUID: [String]] {
        let reply = try await world.redis.send(["XRANGE", RedisArgument(stream.name), "-", "+"])
        var entries: [UUID: [String]] = [:]
        for entry in reply.array ?? [] {
            guard let pair = entry.array, let entryID = pair.first?.string, let fields = pair.last?.array,
                let value = fields.last?.string, let id = UUID(uuidString: value)
            else { continue }
            entries[id, default: []].append(entryID)
        }
        return entries
    }

    /// How many of `ids` are done.
    func doneCount(_ ids: [UUID]) async throws -> Int {
        let rows = try await world.postgres.query(
            "SELECT count(*)::int8 FROM tasks WHERE id = ANY(\(ids)::uuid[]) AND status = 'done'")
        return Int(try rows.first?.decode(Int64.self, at: 0) ?? 0)
    }
}


/// A flag one task sets and another reads.
private final class StopFlag: Sendable {
    private let value = Mutex(false)

    /// Whether `set()` was called.
    var isSet: Bool { value.withLock { $0 } }

    /// Raises the flag.
    func set() { value.withLock { $0 = true } }
}
