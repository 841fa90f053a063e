#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// The tasks in PostgreSQL, as the API sees them: new tasks in batches, one task, a page of tasks, a retry.
///
/// Every task is visible to every valid token (the management team shares one view of its work); only
/// idempotency keys are scoped to the token that sent them.
public struct TaskStore: Sendable {
    /// The pool every statement runs on.
    public let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Stores a batch of new tasks and one `accepted` event each, in one statement (so one transaction and one
    /// round trip), and returns one outcome per submission, in order.
    ///
    /// A submission whose token already used its idempotency key (before, in another batch at the same time, or
    /// earlier in this batch) stores nothing and comes back as `.existing` with the task stored under the key.
    /// `enqueued` is what `enqueued_at` starts as: now if the caller is about to put the ids on the dispatch
    /// stream, NULL if it knows it cannot (the relay then delivers them); see `markNotEnqueued(_:)`.
    public func insert(_ submissions: [TaskSubmission], enqueued: Bool) async throws -> [TaskInsertOutcome] {
        guard !submissions.isEmpty else { return [] }
        let ids = submissions.map(\.id)
        let query: PostgresQuery = """
            WITH input AS (
                SELECT * FROM unnest(
                    \(ids)::uuid[], \(submissions.map(\.task.type))::text[], \(submissions.map(\.task.title))::text[],
                    \(submissions.map(\.task.description))::text[], \(submissions.map(\.task.category))::text[],
                    \(submissions.map(\.tokenID))::uuid[], \(submissions.map(\.idempotencyKey))::text[],
                    \(submissions.map(\.requestHash))::text[], \(submissions.map(\.task.callbackURL))::text[]
                ) AS t (id, type, title, description, category, token_id, idempotency_key, request_hash, callback_url)
            ), inserted AS (
                INSERT INTO tasks (id, type, title, description, category, token_id, idempotency_key, request_hash,
                                   callback_url, enqueued_at)
                SELECT id, type, title, description, category, token_id, idempotency_key, request_hash, callback_url,
                       CASE WHEN \(enqueued)::boolean THEN now() END
                FROM input
                ON CONFLICT (token_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id, created_at
            ), events AS (
                INSERT INTO task_events (task_id, to_status, detail)
                SELECT id, 'queued', 'accepted' FROM inserted
            )
            SELECT id, created_at FROM inserted
            """
        let rows = try await pool.query(query)
        var createdAt: [UUID: Date] = [:]
        createdAt.reserveCapacity(rows.count)
        for row in rows {
            let (id, date) = try row.decode((UUID, Date).self)
            createdAt[id] = date
        }
        let existing = createdAt.count == submissions.count
            ? [:] : try await tasksByIdempotencyKey(submissions.filter { createdAt[$0.id] == nil })
        return try submissions.map { submission in
            if let date = createdAt[submission.id] {
                return .created(TaskRecord(
                    id: submission.id, type: submission.task.type, title: submission.task.title,
                    description: submission.task.description, category: submission.task.category,
                    nextAttemptAt: date, tokenID: submission.tokenID, idempotencyKey: submission.idempotencyKey,
                    requestHash: submission.requestHash, enqueuedAt: enqueued ? date : nil,
                    createdAt: date, updatedAt: date))
            }
            guard let key = submission.idempotencyKey, let tokenID = submission.tokenID,
                let record = existing[IdempotencyScope(tokenID: tokenID, key: key)]
            else {
                throw TaskStoreError.submissionNotStored
            }
            return .existing(record)
        }
    }

    /// Sets `enqueued_at` back to NULL for tasks whose ids could not be put on the stream, so the relay
    /// delivers them.
    public func markNotEnqueued(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await pool.query("UPDATE tasks SET enqueued_at = NULL WHERE id = ANY(\(ids)::uuid[])")
    }

    /// The task with this id, if there is one.
    public func task(id: UUID) async throws -> TaskRecord? {
        let rows = try await pool.query(
            "SELECT \(unsafeSQL: TaskRecord.selectColumns) FROM tasks WHERE id = \(id)")
        return try rows.first.map { try TaskRecord(row: $0) }
    }

    /// The task a token stored under an idempotency key, if there is one.
    public func task(tokenID: UUID, idempotencyKey: String) async throws -> TaskRecord? {
        let rows = try await pool.query("""
            SELECT \(unsafeSQL: TaskRecord.selectColumns) FROM tasks
            WHERE token_id = \(tokenID) AND idempotency_key = \(idempotencyKey)
            """)
        return try rows.first.map { try TaskRecord(row: $0) }
    }

    /// One page of tasks, newest first (`created_at DESC, id DESC`), after the query's cursor.
    public func list(_ request: TaskListQuery) async throws -> TaskPage {
        var filters: PostgresQuery = "TRUE"
        if let status = request.status {
            filters.append(" AND status = \(status.rawValue)" as PostgresQuery)
        }
        if let type = request.type {
            filters.append(" AND type = \(type)" as PostgresQuery)
        }
        if let category = request.category {
            filters.append(" AND category = \(category)" as PostgresQuery)
        }
        if let text = request.titleContains {
            // The text is matched as written: LIKE's own wildcards in it are escaped.
            let pattern = "%" + text.replacing("\\", with: "\\\\").replacing("%", with: "\\%")
                .replacing("_", with: "\\_") + "%"
            filters.append(" AND title ILIKE \(pattern)" as PostgresQuery)
        }
        if let cursor = request.cursor {
            filters.append("""
                 AND (created_at, id) < (to_timestamp(0) + \(cursor.createdAtMicroseconds)::int8 * interval '1 microsecond', \
                \(cursor.id)::uuid)
                """ as PostgresQuery)
        }
        // One row more than the page tells whether there is a next page without a count.
        let rows = try await pool.query("""
            SELECT \(unsafeSQL: TaskRecord.selectColumns), (EXTRACT(EPOCH FROM created_at) * 1000000)::int8 AS cursor_us
            FROM tasks WHERE \(fragment: filters)
            ORDER BY created_at DESC, id DESC
            LIMIT \(request.limit + 1)
            """)
        var tasks: [TaskRecord] = []
        var next: TaskCursor?
        for (index, row) in rows.enumerated() {
            guard index < request.limit else { break }
            let task = try TaskRecord(row: row)
            tasks.append(task)
            if index == request.limit - 1, rows.count > request.limit {
                next = TaskCursor(createdAtMicroseconds: try row.decode(Int64.self, column: "cursor_us"), id: task.id)
            }
        }
        return TaskPage(tasks: tasks, next: next)
    }

    /// Moves a failed task back to `queued` (attempts and the outage budget's clock reset, due now, `enqueued_at`
    /// now as the caller is about to enqueue it) with a `failed → queued` event carrying `detail`; other statuses
    /// are left alone.
    public func retry(id: UUID, detail: String) async throws -> TaskRetryOutcome {
        let (moved, current) = try await moveFailed(id, to: .queued, detail: detail, set: """
            attempts = 0, first_attempt_at = NULL, next_attempt_at = now(), enqueued_at = now()
            """)
        if let moved { return .retried(moved) }
        return current.map(TaskRetryOutcome.notRetryable) ?? .notFound
    }

    /// Moves a failed task to `discarded` with a `failed → discarded` event carrying `detail`; other statuses are
    /// left alone. The claim takes only queued, retrying and expired dispatching tasks, so a discarded one is never
    /// dispatched, even if its id is still on the stream.
    public func discard(id: UUID, detail: String) async throws -> TaskDiscardOutcome {
        let (moved, current) = try await moveFailed(id, to: .discarded, detail: detail, set: "attempts = attempts")
        if let moved { return .discarded(moved) }
        return current.map(TaskDiscardOutcome.notDiscardable) ?? .notFound
    }

    /// Moves the task from `failed` to `status` (lease cleared, `changes` applied) with its event: the row after
    /// the move, or, when the task was not failed, the row as it is (nil when there is none).
    private func moveFailed(_ id: UUID, to status: TaskStatus, detail: String, set changes: PostgresQuery) async throws
        -> (moved: TaskRecord?, current: TaskRecord?)
    {
        let rows = try await pool.query("""
            WITH moved AS (
                UPDATE tasks
                SET status = \(status.rawValue), lease_until = NULL, lease_owner = NULL, updated_at = now(),
                    \(fragment: changes)
                WHERE id = \(id) AND status = 'failed'
                RETURNING \(unsafeSQL: TaskRecord.selectColumns)
            ), event AS (
                INSERT INTO task_events (task_id, from_status, to_status, detail)
                SELECT id, 'failed', \(status.rawValue), \(detail) FROM moved
            )
            SELECT * FROM moved
            """)
        if let row = rows.first { return (try TaskRecord(row: row), nil) }
        return (nil, try await task(id: id))
    }

    private struct IdempotencyScope: Hashable {
        var tokenID: UUID
        var key: String
    }

    private func tasksByIdempotencyKey(_ submissions: [TaskSubmission]) async throws -> [IdempotencyScope: TaskRecord] {
        let keyed = submissions.filter { $0.tokenID != nil && $0.idempotencyKey != nil }
        guard !keyed.isEmpty else { return [:] }
        let rows = try await pool.query("""
            SELECT \(unsafeSQL: TaskRecord.selectColumns) FROM tasks
            WHERE (token_id, idempotency_key) IN (
                SELECT * FROM unnest(\(keyed.map(\.tokenID))::uuid[], \(keyed.map(\.idempotencyKey))::text[])
            )
            """)
        var records: [IdempotencyScope: TaskRecord] = [:]
        for row in rows {
            let record = try TaskRecord(row: row)
            if let tokenID = record.tokenID, let key = record.idempotencyKey {
                records[IdempotencyScope(tokenID: tokenID, key: key)] = record
            }
        }
        return records
    }
}
