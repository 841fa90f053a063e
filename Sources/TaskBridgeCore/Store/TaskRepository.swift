#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the API needs of the tasks: new tasks in batches with their idempotency outcomes, one task, a page of
/// tasks, its timeline, a retry, and a way to hand tasks to the relay.
///
/// `TaskStore` is the PostgreSQL one; `MemoryTaskRepository` keeps the same promises in memory for unit tests.
public protocol TaskRepository: Sendable {
    /// Stores a batch of new tasks, all or none, and returns one outcome per submission, in order: `.created`, or
    /// `.existing` with the task its token already stored under the same idempotency key (before, or earlier in
    /// this batch). `enqueued` is whether the tasks start as put on the dispatch stream.
    func insert(_ submissions: [TaskSubmission], enqueued: Bool) async throws -> [TaskInsertOutcome]

    /// Marks tasks as not on the dispatch stream, so the relay delivers them.
    func markNotEnqueued(_ ids: [UUID]) async throws

    /// The task with this id, if there is one.
    func task(id: UUID) async throws -> TaskRecord?

    /// One page of tasks, newest first (`created_at`, then id, both descending), after the query's cursor.
    func list(_ query: TaskListQuery) async throws -> TaskPage

    /// The task's deliveries (one per destination of its route), in the route's order; empty when there is none.
    func deliveries(of id: UUID) async throws -> [DeliveryRecord]

    /// The task's timeline, oldest first: status moves and facts about its card; nil when there is no such task.
    func events(of id: UUID) async throws -> [TaskEvent]?

    /// Moves a failed task back to `queued`, due now and counted as enqueued; leaves any other status alone.
    func retry(id: UUID, detail: String) async throws -> TaskRetryOutcome

    /// Moves a failed task to `discarded`, for good; leaves any other status alone.
    func discard(id: UUID, detail: String) async throws -> TaskDiscardOutcome

    /// The task's events, oldest first.
    func history(of id: UUID) async throws -> [TaskEvent]
}

extension TaskRepository {
    /// Moves every failed task back to `queued` and returns their ids. Walks the failed tasks page by page with a
    /// cursor, so tasks that fail again meanwhile are not picked up twice and the walk ends.
    public func retryEveryFailed(detail: String) async throws -> [UUID] {
        var retried: [UUID] = []
        var cursor: TaskCursor?
        repeat {
            let page = try await list(TaskListQuery(status: .failed, limit: TaskListQuery.maximumLimit, cursor: cursor))
            for task in page.tasks {
                if case .retried = try await retry(id: task.id, detail: detail) { retried.append(task.id) }
            }
            cursor = page.next
        } while cursor != nil
        return retried
    }
}
