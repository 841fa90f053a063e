import Foundation
import Synchronization
import TaskBridgeCore

/// The memory tasks, recording the batches inserted, holding inserts at `gate` when there is one, and refusing a
/// whole batch when one of its rows is refused, as PostgreSQL refuses a transaction.
final class WatchedTaskRepository: TaskRepository {
    let memory = MemoryTaskRepository()
    let gate: Gate?
    private let refusal: @Sendable (TaskSubmission) -> (any Error)?
    private let batches = Mutex<[[TaskSubmission]]>([])

    /// A repository that refuses the rows `refusal` returns an error for.
    init(gate: Gate? = nil, refusal: @escaping @Sendable (TaskSubmission) -> (any Error)? = { _ in nil }) {
        self.gate = gate
        self.refusal = refusal
    }

    /// The titles of each batch inserted, refused ones included, in the order they were inserted.
    var insertedTitles: [[String]] {
        batches.withLock { $0.map { $0.map(\.task.title) } }
    }

    func insert(_ submissions: [TaskSubmission], enqueued: Bool) async throws -> [TaskInsertOutcome] {
        batches.withLock { $0.append(submissions) }
        await gate?.pass()
        if let error = submissions.lazy.compactMap(refusal).first { throw error }
        return await memory.insert(submissions, enqueued: enqueued)
    }

    func markNotEnqueued(_ ids: [UUID]) async throws {
        await memory.markNotEnqueued(ids)
    }

    func task(id: UUID) async throws -> TaskRecord? {
        await memory.task(id: id)
    }

    func deliveries(of id: UUID) async throws -> [DeliveryRecord] {
        await memory.deliveries(of: id)
    }

    func events(of id: UUID) async throws -> [TaskEvent]? {
        await memory.events(of: id)
    }

    func list(_ query: TaskListQuery) async throws -> TaskPage {
        await memory.list(query)
    }

    func retry(id: UUID, detail: String) async throws -> TaskRetryOutcome {
        await memory.retry(id: id, detail: detail)
    }

    func discard(id: UUID, detail: String) async throws -> TaskDiscardOutcome {
        await memory.discard(id: id, detail: detail)
    }

    func history(of id: UUID) async throws -> [TaskEvent] {
        await memory.history(of: id)
    }
}
