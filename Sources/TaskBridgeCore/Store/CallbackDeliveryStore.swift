#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// The callback deliveries (`callback_deliveries`), which a trigger writes as tasks change. Workers claim due rows
/// for one attempt under a lease, in one statement (`FOR UPDATE SKIP LOCKED`), and record each outcome; rows stay
/// as the record of what was delivered.
public struct CallbackDeliveryStore: Sendable {
    /// The pool every statement runs on.
    public let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Up to `limit` due deliveries, each counted as one more attempt and hidden from other workers for `lease`.
    public func claimDue(limit: Int, lease: Duration) async throws -> [CallbackDelivery] {
        let rows = try await pool.query("""
            WITH due AS (
                SELECT id FROM callback_deliveries
                WHERE state = 'pending' AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE callback_deliveries d
                SET attempts = d.attempts + 1,
                    next_attempt_at = now() + \(lease.wholeMilliseconds)::int8 * interval '1 millisecond'
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.event_id, d.task_id, d.url, d.body, d.attempts
            )
            SELECT claimed.id, claimed.event_id, claimed.url, claimed.body, claimed.attempts,
                   api_tokens.id, api_tokens.signing_generation
            FROM claimed
            JOIN tasks ON tasks.id = claimed.task_id
            LEFT JOIN api_tokens ON api_tokens.id = tasks.token_id AND api_tokens.revoked_at IS NULL
            ORDER BY claimed.id
            """)
        return try rows.map { row in
            let (id, eventID, url, body, attempts, tokenID, generation) =
                try row.decode((Int64, UUID, String, String, Int, UUID?, Int?).self)
            return CallbackDelivery(
                id: id, eventID: eventID, url: url, body: body, attempts: attempts, tokenID: tokenID,
                generation: generation)
        }
    }

    /// Records that the receiver answered `status` (2xx).
    public func recordDelivered(id: Int64, status: Int) async throws {
        try await pool.query("""
            UPDATE callback_deliveries
            SET state = 'delivered', delivered_at = now(), last_status = \(status), last_error = NULL
            WHERE id = \(id)
            """)
    }

    /// Records a failed attempt (`status` when the receiver answered, `error` otherwise): tried again after
    /// `retryAfter`, or given up for good when it is nil.
    public func recordFailure(id: Int64, status: Int?, error: String, retryAfter: Duration?) async throws {
        let wait = retryAfter?.wholeMilliseconds
        try await pool.query("""
            UPDATE callback_deliveries
            SET state = CASE WHEN \(wait)::int8 IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = now() + coalesce(\(wait)::int8, 0) * interval '1 millisecond',
                last_status = \(status)::integer, last_error = \(error)
            WHERE id = \(id)
            """)
    }
}
