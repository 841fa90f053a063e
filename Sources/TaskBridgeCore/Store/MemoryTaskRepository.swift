#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The tasks in memory, for unit tests: the promises `TaskStore` makes the API, without PostgreSQL (and with only
/// the acceptance in a task's timeline).
///
/// Idempotency keys are scoped to their token; a batch is stored under one creation time, as one transaction's
/// rows are, and each batch is newer than the one before; pages are newest first with the same cursors as
/// PostgreSQL's; only a failed task can be retried.
public actor MemoryTaskRepository: TaskRepository {
    private struct Stored {
        var record: TaskRecord
        /// `created_at` exactly, as the cursor carries it.
        var createdAtMicroseconds: Int64
    }

    private struct IdempotencyScope: Hashable {
        var tokenID: UUID
        var key: String
    }

    private var stored: [UUID: Stored] = [:]
    private var idempotencyKeys: [IdempotencyScope: UUID] = [:]
    private var lastMicroseconds: Int64 = 0

    /// An empty repository.
    public init() {}

    public func insert(_ submissions: [TaskSubmission], enqueued: Bool) -> [TaskInsertOutcome] {
        let microseconds = nextMicroseconds()
        let now = Self.date(microseconds)
        return submissions.map { submission in
            let scope = submission.tokenID.flatMap { tokenID in
                submission.idempotencyKey.map { IdempotencyScope(tokenID: tokenID, key: $0) }
            }
            if let scope, let id = idempotencyKeys[scope], let existing = stored[id] {
                return .existing(existing.record)
            }
            var record = TaskRecord(id: submission.id, accepting: submission.task, at: now)
            record.tokenID = submission.tokenID
            record.idempotencyKey = submission.idempotencyKey
            record.requestHash = submission.requestHash
            record.enqueuedAt = enqueued ? now : nil
            stored[record.id] = Stored(record: record, createdAtMicroseconds: microseconds)
            if let scope { idempotencyKeys[scope] = record.id }
            return .created(record)
        }
    }

    public func markNotEnqueued(_ ids: [UUID]) {
        for id in ids {
            stored[id]?.record.enqueuedAt = nil
        }
    }

    public func task(id: UUID) -> TaskRecord? {
        stored[id]?.record
    }

    public func events(of id: UUID) -> [TaskEvent]? {
        stored[id].map { [TaskEvent(at: $0.record.createdAt, from: nil, to: .queued, detail: "accepted")] }
    }

    public func list(_ query: TaskListQuery) -> TaskPage {
        let matching = stored.values.filter { task in
            (query.status.map { task.record.status == $0 } ?? true)
                && (query.type.map { task.record.type == $0 } ?? true)
                && (query.category.map { task.record.category == $0 } ?? true)
                && (query.titleContains.map { task.record.title.lowercased().contains($0.lowercased()) } ?? true)
                && (query.cursor.map { Self.isNewer(($0.createdAtMicroseconds, $0.id), than: Self.position(task)) } ?? true)
        }
        .sorted { Self.isNewer(Self.position($0), than: Self.position($1)) }
        let page = matching.prefix(query.limit)
        let next = matching.count > query.limit
            ? page.last.map { TaskCursor(createdAtMicroseconds: $0.createdAtMicroseconds, id: $0.record.id) } : nil
        return TaskPage(tasks: page.map(\.record), next: next)
    }

    /// The task's only delivery: every task in memory goes to the environment's board.
    public func deliveries(of id: UUID) -> [DeliveryRecord] {
        task(id: id).map { [DeliveryRecord(soleDeliveryOf: $0)] } ?? []
    }

    public func retry(id: UUID, detail: String) -> TaskRetryOutcome {
        guard var task = stored[id]?.record else { return .notFound }
        guard task.status == .failed else { return .notRetryable(task) }
        let now = Date()
        task.status = .queued
        task.attempts = 0
        task.nextAttemptAt = now
        task.leaseUntil = nil
        task.leaseOwner = nil
        task.enqueuedAt = now
        task.updatedAt = now
        stored[id]?.record = task
        return .retried(task)
    }

    public func discard(id: UUID, detail: String) -> TaskDiscardOutcome {
        guard var task = stored[id]?.record else { return .notFound }
        guard task.status == .failed else { return .notDiscardable(task) }
        task.status = .discarded
        task.updatedAt = Date()
        stored[id]?.record = task
        return .discarded(task)
    }

    /// No events are kept in memory: the timeline is PostgreSQL's.
    public func history(of id: UUID) -> [TaskEvent] {
        []
    }

    /// Fails a task, as a worker does after a permanent error or its last attempt; false when there is none.
    @discardableResult
    public func fail(id: UUID, lastError: String) -> Bool {
        guard stored[id] != nil else { return false }
        stored[id]?.record.status = .failed
        stored[id]?.record.lastError = lastError
        stored[id]?.record.updatedAt = Date()
        return true
    }

    /// A creation time after every earlier one, to the microsecond as PostgreSQL keeps it.
    private func nextMicroseconds() -> Int64 {
        let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        lastMicroseconds = max(now, lastMicroseconds + 1)
        return lastMicroseconds
    }

    private static func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    private static func position(_ task: Stored) -> (Int64, UUID) {
        (task.createdAtMicroseconds, task.record.id)
    }

    /// Whether `lhs` comes before `rhs` in `created_at DESC, id DESC` order. PostgreSQL orders uuids by their
    /// bytes, which is the order of their fixed-width hexadecimal spelling.
    private static func isNewer(_ lhs: (Int64, UUID), than rhs: (Int64, UUID)) -> Bool {
        lhs.0 != rhs.0 ? lhs.0 > rhs.0 : lhs.1.uuidString > rhs.1.uuidString
    }
}
