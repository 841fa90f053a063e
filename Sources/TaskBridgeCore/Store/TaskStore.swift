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

    /// Stores a batch of new tasks, one `accepted` event each, one delivery per Trello destination of the route
    /// each matched, and that route's channels, whose `accepted` notifications a trigger makes (all resolved in the
    /// same statement, so every replica sees a route change at once), in one
    /// statement (so one transaction and one round trip), and returns one outcome per submission, in order.
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
                    \(submissions.map(\.requestHash))::text[], \(submissions.map(\.task.callbackURL))::text[],
                    \(submissions.map(\.requestID))::text[]
                ) AS t (id, type, title, description, category, token_id, idempotency_key, request_hash, callback_url,
                        request_id)
            ), inserted AS (
                INSERT INTO tasks (id, type, title, description, category, token_id, idempotency_key, request_hash,
                                   callback_url, request_id, enqueued_at)
                SELECT id, type, title, description, category, token_id, idempotency_key, request_hash, callback_url,
                       request_id, CASE WHEN \(enqueued)::boolean THEN now() END
                FROM input
                ON CONFLICT (token_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id, created_at, type, category, token_id
            ), events AS (
                INSERT INTO task_events (task_id, to_status, detail)
                SELECT id, 'queued', 'accepted' FROM inserted
            ), routed AS (
                -- The first route by position whose every set condition holds; none: the environment's default.
                SELECT i.id AS task_id, r.id AS route_id, r.name AS route_name
                FROM inserted i
                LEFT JOIN api_tokens k ON k.id = i.token_id
                LEFT JOIN LATERAL (
                    SELECT r.id, r.name FROM routes r
                    WHERE (r.match_type IS NULL OR r.match_type = i.type)
                      AND (r.match_category IS NULL OR r.match_category = i.category)
                      AND (r.match_team IS NULL OR r.match_team = k.team)
                    ORDER BY r.position LIMIT 1
                ) r ON true
            ), destinations AS (
                -- One delivery per Trello destination of that route; a route without one (or no route) gives the
                -- environment's board. The first delivery takes the task's id: the API puts that id on the stream.
                SELECT o.task_id, CASE WHEN d.route_id IS NULL THEN 'default' ELSE o.route_name END AS route_name,
                       coalesce(d.position, 0) AS position, d.board_id, d.list_name, d.credential_id,
                       row_number() OVER (PARTITION BY o.task_id ORDER BY d.position) AS n
                FROM routed o
                LEFT JOIN route_destinations d ON d.route_id = o.route_id AND d.kind = 'trello'
            ), delivered AS (
                -- Later deliveries are not enqueued here: the relay puts them on the stream within RELAY_INTERVAL_MS.
                INSERT INTO deliveries (id, task_id, route_name, position, board_id, list_name, credential_id,
                                        enqueued_at, created_at, updated_at, next_attempt_at)
                SELECT CASE WHEN n = 1 THEN task_id ELSE gen_random_uuid() END, task_id, route_name, position,
                       board_id, list_name, credential_id,
                       CASE WHEN n = 1 AND \(enqueued)::boolean THEN now() END, now(), now(), now()
                FROM destinations
            ), channelled AS (
                -- The route's Slack and email destinations, kept with the task (migration 016): a trigger makes
                -- their `accepted` notifications at once, and the deliveries' trigger the later moments'.
                INSERT INTO task_channels (task_id, position, kind, route_name, credential_id, moments, templates)
                SELECT o.task_id, d.position, d.kind, o.route_name, d.credential_id, d.moments, d.templates
                FROM routed o JOIN route_destinations d ON d.route_id = o.route_id AND d.kind IN ('slack', 'email')
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
        _ = try await pool.query("""
            WITH tasks_not_enqueued AS (UPDATE tasks SET enqueued_at = NULL WHERE id = ANY(\(ids)::uuid[]))
            UPDATE deliveries SET enqueued_at = NULL WHERE id = ANY(\(ids)::uuid[])
            """)
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

    /// Moves a failed task's failed deliveries back to `queued` (attempts and the outage budget's clock reset, due
    /// now) with a `failed → queued` event carrying `detail`; other statuses are left alone. The task's first
    /// delivery (its id) counts as enqueued now, as the caller is about to enqueue the task's id; others are left to
    /// the relay.
    public func retry(id: UUID, detail: String) async throws -> TaskRetryOutcome {
        try await retry(id: id, delivery: nil, detail: detail)
    }

    /// Moves one failed delivery of a failed task (`delivery`), or all of them (nil), back to `queued`; see
    /// `retry(id:detail:)`. A failed notification (Slack, email) named by `delivery` is retried whatever the task's
    /// status but discarded, since it never makes the task fail. A delivery that is not failed, or not the task's,
    /// is `.notRetryable`.
    public func retry(id: UUID, delivery: UUID?, detail: String) async throws -> TaskRetryOutcome {
        let rows = try await pool.query("""
            UPDATE deliveries
            SET status = 'queued', lease_until = NULL, lease_owner = NULL, updated_at = now(), attempts = 0,
                first_attempt_at = NULL, next_attempt_at = now(), event_detail = \(detail),
                enqueued_at = CASE WHEN id = task_id THEN now() END
            WHERE task_id = \(id) AND status = 'failed' AND (\(delivery)::uuid IS NULL OR id = \(delivery)::uuid)
              AND (EXISTS (SELECT 1 FROM tasks WHERE tasks.id = \(id) AND tasks.status = 'failed')
                   OR (kind <> 'trello' AND id = \(delivery)::uuid
                       AND EXISTS (SELECT 1 FROM tasks WHERE tasks.id = \(id) AND tasks.status <> 'discarded')))
            RETURNING id
            """)
        guard let task = try await task(id: id) else { return .notFound }
        return rows.isEmpty ? .notRetryable(task) : .retried(task)
    }

    /// Moves a failed task to `discarded` with a `failed → discarded` event carrying `detail`, and its failed
    /// deliveries and waiting notifications with it; other statuses are left alone. The claim takes no delivery of
    /// a discarded task, so none is dispatched again, even if its id is still on the stream.
    public func discard(id: UUID, detail: String) async throws -> TaskDiscardOutcome {
        let rows = try await pool.query("""
            WITH discarded AS (
                UPDATE tasks SET status = 'discarded', lease_until = NULL, lease_owner = NULL, updated_at = now()
                WHERE id = \(id) AND status = 'failed'
                RETURNING \(unsafeSQL: TaskRecord.selectColumns)
            ), deliveries_discarded AS (
                -- The trigger records these moves: as the task's own when it has one delivery.
                -- A notification still waiting (the task's `failed` one, say) goes with them: the claim never
                -- takes a discarded task's deliveries, so it would wait for ever.
                UPDATE deliveries SET status = 'discarded', event_detail = \(detail), updated_at = now()
                WHERE task_id IN (SELECT id FROM discarded)
                  AND (status = 'failed' OR (kind <> 'trello' AND status IN ('queued', 'retrying')))
            ), event AS (
                INSERT INTO task_events (task_id, from_status, to_status, detail)
                SELECT id, 'failed', 'discarded', \(detail) FROM discarded
                WHERE (SELECT count(*) FROM deliveries WHERE task_id = discarded.id AND kind = 'trello') > 1
            )
            SELECT * FROM discarded
            """)
        if let row = rows.first { return .discarded(try TaskRecord(row: row)) }
        return try await task(id: id).map(TaskDiscardOutcome.notDiscardable) ?? .notFound
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
