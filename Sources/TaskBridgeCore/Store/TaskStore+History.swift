#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskStore {
    /// The task's events, oldest first.
    public func history(of id: UUID) async throws -> [TaskEvent] {
        let rows = try await pool.query(
            "SELECT at, from_status, to_status, detail FROM task_events WHERE task_id = \(id) ORDER BY id")
        return try rows.map { row in
            TaskEvent(
                at: try row.decode(Date.self, column: "at"), from: try row.decodeStatusIfPresent(column: "from_status"),
                to: try row.decodeStatus(column: "to_status"), detail: try row.decode(String?.self, column: "detail"))
        }
    }
}
