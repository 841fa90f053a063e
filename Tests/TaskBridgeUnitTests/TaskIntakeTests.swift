import Foundation
import Logging
import PostgresClient
@testable import TaskBridgeAPI
import TaskBridgeCore
import Testing

/// The write path of `POST /v1/tasks`: submissions share inserts, go on the queue once stored, are left to the
/// relay when the queue fails, and one client's refused row fails no one else's.
@Suite(.timeLimit(.minutes(1))) struct TaskIntakeTests {
    private struct RedisDown: Error {}

    private static let logger = Logger(label: "TaskIntakeTests") { _ in SwiftLogNoOpLogHandler() }
    /// How PostgreSQL refuses a title too long for its column: a data exception, about one row.
    private static let tooLong = PostgresError(kind: .server, code: .stringDataRightTruncation, message: "value too long")

    private func intake(
        _ tasks: some TaskRepository, _ queue: some TaskQueue, enqueueRetryDelay: Duration = .zero
    ) -> TaskIntake {
        TaskIntake(
            tasks: tasks, queue: queue, metrics: APIMetrics(), logger: Self.logger, maxBatchSize: 512,
            maxConcurrentFlushes: 1, enqueueRetryDelay: enqueueRetryDelay)
    }

    /// Submits one task while `queue` is down, then the task `title` once it is back, and returns the latter's outcome.
    private func submitAfterAnOutage(
        _ service: TaskIntake, _ queue: MemoryTaskQueue, title: String
    ) async throws -> TaskInsertOutcome {
        try await withRunning(service) { intake async throws in
            await queue.fail(with: RedisDown())
            _ = try await intake.submit(submission("during the outage"))
            await queue.recover()
            return try await intake.submit(submission(title))
        }
    }

    private func submission(_ title: String, key: String? = nil, token: UUID? = nil) -> TaskSubmission {
        TaskSubmission(
            task: NewTask(type: "issue", title: title, description: "steps"), tokenID: token, idempotencyKey: key,
            requestHash: key.map { "hash of \($0)" })
    }

    /// Submits `first`, and once its insert is held, the others in order; then lets the inserts run and returns
    /// each submission's outcome, by title.
    private func submitBehindABusyInsert(
        _ first: TaskSubmission, _ others: [TaskSubmission], to intake: TaskIntake, gate: Gate
    ) async throws -> [String: Result<TaskInsertOutcome, any Error>] {
        let serial = SerialTaskExecutor()
        return try await withRunning(intake) { intake async throws in
            await withTaskGroup(of: (String, Result<TaskInsertOutcome, any Error>).self) { group in
                for submission in [first] + others {
                    group.addTask(executorPreference: serial) {
                        do {
                            return (submission.task.title, .success(try await intake.submit(submission)))
                        } catch {
                            return (submission.task.title, .failure(error))
                        }
                    }
                    if submission == first { await gate.arrivals(1) }
                }
                await serial.settle()
                gate.open()
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
    }

    @Test func aSubmissionIsStoredAndItsIDQueued() async throws {
        let tasks = MemoryTaskRepository()
        let queue = MemoryTaskQueue()
        let created = try await withRunning(intake(tasks, queue)) {
            try await $0.submit(submission("Export fails"))
        }.created
        let id = try #require(created?.id)
        #expect(await tasks.task(id: id)?.enqueuedAt != nil)
        #expect(await queue.enqueued == [id])
    }

    @Test func eachQueuedIDCarriesTheRequestIdItCameWithIfAny() async throws {
        let tasks = MemoryTaskRepository()
        let queue = MemoryTaskQueue()
        var traced = submission("Traced")
        traced.requestID = "req-1"
        let untraced = submission("Untraced")
        let ids = try await withRunning(intake(tasks, queue)) { intake in
            [try await intake.submit(traced).created?.id, try await intake.submit(untraced).created?.id]
        }
        #expect(ids == [traced.id, untraced.id])
        #expect(await queue.requestIDs == [traced.id: "req-1"])
    }

    @Test func submissionsArrivingDuringAnInsertShareTheNextOneAndOneEnqueue() async throws {
        let tasks = WatchedTaskRepository(gate: Gate())
        let queue = MemoryTaskQueue()
        let others = (1...30).map { submission("task \($0)") }
        let outcomes = try await submitBehindABusyInsert(
            submission("first"), others, to: intake(tasks, queue), gate: try #require(tasks.gate))
        #expect(tasks.insertedTitles == [["first"], others.map(\.task.title)])
        let ids = outcomes.values.compactMap { try? $0.get().created?.id }
        #expect(ids.count == 31)
        #expect(await queue.attempts == 2)
        #expect(Set(await queue.enqueued) == Set(ids))
    }

    @Test func whenTheQueueFailsTheTaskIsStoredAndLeftForTheRelay() async throws {
        let tasks = MemoryTaskRepository()
        let queue = MemoryTaskQueue()
        await queue.fail(with: RedisDown())
        let outcome = try await withRunning(intake(tasks, queue)) { try await $0.submit(submission("Export fails")) }
        let id = try #require(outcome.created?.id)
        let stored = try #require(await tasks.task(id: id))
        #expect(stored.status == .queued)
        #expect(stored.enqueuedAt == nil)
        #expect(await queue.enqueued.isEmpty)
    }

    @Test func duringAnOutageNewTasksSkipTheQueueUntilTheRetryDelayHasPassed() async throws {
        let tasks = MemoryTaskRepository()
        let queue = MemoryTaskQueue()
        let outcome = try await submitAfterAnOutage(
            intake(tasks, queue, enqueueRetryDelay: .seconds(3600)), queue, title: "soon after")
        let id = try #require(outcome.created?.id)
        #expect(await queue.attempts == 1)
        #expect(await tasks.task(id: id)?.enqueuedAt == nil)
    }

    @Test func afterTheRetryDelayTheQueueIsTriedAgain() async throws {
        let queue = MemoryTaskQueue()
        let outcome = try await submitAfterAnOutage(
            intake(MemoryTaskRepository(), queue, enqueueRetryDelay: .zero), queue, title: "once it is back")
        let id = try #require(outcome.created?.id)
        #expect(await queue.enqueued == [id])
    }

    @Test func aRetriedTaskTheQueueRefusesIsLeftForTheRelay() async throws {
        let tasks = MemoryTaskRepository()
        let queue = MemoryTaskQueue()
        let id = try #require(await tasks.insert([submission("retried")], enqueued: true).first?.created?.id)
        await queue.fail(with: RedisDown())
        await intake(tasks, queue).enqueue([id])
        #expect(await tasks.task(id: id)?.enqueuedAt == nil)
    }

    @Test func aRowPostgreSQLRefusesFailsOnlyItsOwnSubmission() async throws {
        let tasks = WatchedTaskRepository(gate: Gate()) { $0.task.title == "poison" ? Self.tooLong : nil }
        let queue = MemoryTaskQueue()
        let outcomes = try await submitBehindABusyInsert(
            submission("first"), ["a", "poison", "b"].map { submission($0) }, to: intake(tasks, queue),
            gate: try #require(tasks.gate))
        #expect(tasks.insertedTitles == [["first"], ["a", "poison", "b"], ["a"], ["poison"], ["b"]])
        #expect(throws: PostgresError.self) { try outcomes["poison"]?.get() }
        let created = ["first", "a", "b"].compactMap { try? outcomes[$0]?.get().created?.id }
        #expect(created.count == 3)
        #expect(Set(await queue.enqueued) == Set(created))
    }

    @Test func rowsAreRetriedInOrderSoARepeatedKeyFindsItsFirstUse() async throws {
        let token = UUID()
        let tasks = WatchedTaskRepository(gate: Gate()) { $0.task.title == "poison" ? Self.tooLong : nil }
        let outcomes = try await submitBehindABusyInsert(
            submission("first"),
            [submission("keyed", key: "k", token: token), submission("poison"), submission("again", key: "k", token: token)],
            to: intake(tasks, MemoryTaskQueue()), gate: try #require(tasks.gate))
        let keyed = try #require(try outcomes["keyed"]?.get().created)
        #expect(try outcomes["again"]?.get() == .existing(keyed))
    }

    @Test func aServerErrorFailsTheWholeBatchWithoutRetryingItsRows() async throws {
        let lost = PostgresError(kind: .connection, message: "server closed the connection")
        let tasks = WatchedTaskRepository(gate: Gate()) { $0.task.title == "b" ? lost : nil }
        let outcomes = try await submitBehindABusyInsert(
            submission("first"), ["a", "b", "c"].map { submission($0) }, to: intake(tasks, MemoryTaskQueue()),
            gate: try #require(tasks.gate))
        #expect(tasks.insertedTitles == [["first"], ["a", "b", "c"]])
        for title in ["a", "b", "c"] {
            #expect(throws: PostgresError.self, "\(title)") { try outcomes[title]?.get() }
        }
    }
}

extension TaskInsertOutcome {
    /// The task stored by this submission; nil when its key had been used.
    var created: TaskRecord? {
        if case .created(let record) = self { record } else { nil }
    }
}
