#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskStore {
    /// Up to `limit` deliveries (their ids) that are due but not on their way, for the relay to put back on the stream:
    /// waiting tasks never enqueued or not enqueued since they came due (the API's add failed, a retry came due,
    /// the fleet released them), and dispatching tasks whose lease expired and that were not re-added since.
    ///
    /// With `stuckAfter`, also waiting tasks enqueued longer ago than that: their entry was lost (Redis lost data,
    /// or a process died between storing and enqueuing). Only pass it when the stream has no undelivered
    /// entries, or every task of a backlog would be added twice.
    ///
    /// With `enqueuedBefore` (milliseconds since 1970), also waiting tasks enqueued before then: the caller knows
    /// every entry added before then is gone from the stream (trimmed while a backlog was longer than its
    /// `MAXLEN`), so these tasks lost theirs even while other entries wait to be delivered.
    public func dueForRelay(limit: Int, stuckAfter: Duration? = nil, enqueuedBefore: Int64? = nil) async throws -> [UUID] {
        var query: PostgresQuery = """
            (SELECT id FROM deliveries
             WHERE status IN ('queued', 'retrying') AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at)
               AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT \(limit))
            UNION
            (SELECT id FROM deliveries
             WHERE status = 'dispatching' AND lease_until < now() AND (enqueued_at IS NULL OR enqueued_at < lease_until)
             ORDER BY lease_until LIMIT \(limit))
            """
        if let stuckAfter {
            query.append("""

                UNION
                (SELECT id FROM deliveries
                 WHERE status IN ('queued', 'retrying') AND next_attempt_at <= now()
                   AND enqueued_at < now() - \(stuckAfter.wholeMilliseconds)::int8 * interval '1 millisecond'
                 ORDER BY next_attempt_at LIMIT \(limit))
                """ as PostgresQuery)
        }
        if let enqueuedBefore {
            query.append("""

                UNION
                (SELECT id FROM deliveries
                 WHERE status IN ('queued', 'retrying') AND next_attempt_at <= now()
                   AND enqueued_at < to_timestamp(0) + \(enqueuedBefore)::int8 * interval '1 millisecond'
                 ORDER BY next_attempt_at LIMIT \(limit))
                """ as PostgresQuery)
        }
        return try await pool.query(query).map { try $0.decode(UUID.self, column: "id") }
    }

    /// Records that these deliveries were just put on the stream, and returns the request ids their tasks came with
    /// (those that have one), for the entries to carry into the workers' log lines.
    ///
    /// Rows another transaction holds (a worker recording an outcome) are skipped rather than waited for: the
    /// relay's updates never wait, so they can never close a deadlock with the workers' batches, which lock their
    /// rows in no particular order. A skipped task is at worst added once more by a later pass.
    @discardableResult
    public func markEnqueued(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await pool.query("""
            UPDATE deliveries d SET enqueued_at = now()
            FROM tasks t
            WHERE d.id IN (SELECT id FROM deliveries WHERE id = ANY(\(ids)::uuid[]) FOR UPDATE SKIP LOCKED)
              AND t.id = d.task_id
            RETURNING d.id, t.request_id
            """)
        var requestIDs: [UUID: String] = [:]
        for row in rows {
            if let requestID = try row.decode(String?.self, column: "request_id") {
                requestIDs[try row.decode(UUID.self, column: "id")] = requestID
            }
        }
        return requestIDs
    }

    /// Forgets that any unfinished task is on the stream, after Redis lost its data: the relay re-adds them all.
    /// Returns how many tasks that concerns.
    ///
    /// Like `markEnqueued`, it skips rows a worker holds instead of waiting for them (a single update over every
    /// unfinished task deadlocked against outcome batches in the benchmark); a task skipped here is being finished,
    /// or is found later as stuck.
    public func forgetEnqueued() async throws -> Int {
        try await pool.query("""
            UPDATE deliveries SET enqueued_at = NULL
            WHERE id IN (
                SELECT id FROM deliveries
                WHERE status IN ('queued', 'retrying', 'dispatching') AND enqueued_at IS NOT NULL
                FOR UPDATE SKIP LOCKED)
            """).affectedRows
    }
}
