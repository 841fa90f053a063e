#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskStore {
    /// Up to `limit` tasks that are due but not on their way, for the relay to put back on the stream:
    /// waiting tasks never enqueued or not enqueued since they came due (the API's add failed, a retry came due,
    /// the fleet released them), and dispatching tasks whose lease expired and that were not re-added since.
    ///
    /// With `stuckAfter`, also waiting tasks enqueued longer ago than that: their entry was lost (Redis lost data,
    /// or a process died between storing and enqueuing). Only pass it when the stream has no undelivered
    /// entries, or every task of a backlog would be added twice.
    public func dueForRelay(limit: Int, stuckAfter: Duration? = nil) async throws -> [UUID] {
        var query: PostgresQuery = """
            (SELECT id FROM tasks
             WHERE status IN ('queued', 'retrying') AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at)
               AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT \(limit))
            UNION
            (SELECT id FROM tasks
             WHERE status = 'dispatching' AND lease_until < now() AND (enqueued_at IS NULL OR enqueued_at < lease_until)
             ORDER BY lease_until LIMIT \(limit))
            """
        if let stuckAfter {
            query.append("""

                UNION
                (SELECT id FROM tasks
                 WHERE status IN ('queued', 'retrying') AND next_attempt_at <= now()
                   AND enqueued_at < now() - \(stuckAfter.wholeMilliseconds)::int8 * interval '1 millisecond'
                 ORDER BY next_attempt_at LIMIT \(limit))
                """ as PostgresQuery)
        }
        return try await pool.query(query).map { try $0.decode(UUID.self, at: 0) }
    }

    /// Records that these tasks were just put on the stream.
    public func markEnqueued(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await pool.query("UPDATE tasks SET enqueued_at = now() WHERE id = ANY(\(ids)::uuid[])")
    }

    /// Forgets that any unfinished task is on the stream, after Redis lost its data: the relay re-adds them all.
    /// Returns how many tasks that concerns.
    public func forgetEnqueued() async throws -> Int {
        try await pool.query("""
            UPDATE tasks SET enqueued_at = NULL
            WHERE status IN ('queued', 'retrying', 'dispatching') AND enqueued_at IS NOT NULL
            """).affectedRows
    }
}
