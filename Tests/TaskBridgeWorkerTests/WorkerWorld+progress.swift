import Foundation
import PostgresClient

extension WorkerWorld {
    /// How many of `ids` are done and how many failed, in one query.
    func finished(_ ids: [UUID]) async throws -> (done: Int, failed: Int) {
        let row = try await postgres.query("""
            SELECT count(*) FILTER (WHERE status = 'done')::int8, count(*) FILTER (WHERE status = 'failed')::int8
            FROM tasks WHERE id = ANY(\(ids)::uuid[])
            """)
        guard let counts = row.first else { return (0, 0) }
        let (done, failed) = try counts.decode((Int64, Int64).self)
        return (Int(done), Int(failed))
    }

    /// How many of `ids` have ended at least one attempt (an event leaving `dispatching`): their first create was
    /// answered, failed, or timed out at the client.
    func attemptsEnded(_ ids: [UUID]) async throws -> Int {
        let rows = try await postgres.query("""
            SELECT count(DISTINCT task_id)::int8 FROM task_events
            WHERE task_id = ANY(\(ids)::uuid[]) AND from_status = 'dispatching'
            """)
        return Int(try rows.first?.decode(Int64.self, at: 0) ?? 0)
    }

    /// How many of `ids` have an event that records a Trello request timing out at the client.
    func timedOut(_ ids: [UUID]) async throws -> Int {
        let rows = try await postgres.query("""
            SELECT count(DISTINCT task_id)::int8 FROM task_events
            WHERE task_id = ANY(\(ids)::uuid[]) AND detail ILIKE '%timed out%'
            """)
        return Int(try rows.first?.decode(Int64.self, at: 0) ?? 0)
    }
}
