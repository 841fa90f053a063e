#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskStore {
    /// The task's timeline, oldest first; nil when there is no such task.
    public func events(of id: UUID) async throws -> [TaskEvent]? {
        let events = try await history(of: id)
        // Every task has its acceptance event, so none means no task.
        return events.isEmpty ? nil : events
    }

    /// The task's events, oldest first.
    public func history(of id: UUID) async throws -> [TaskEvent] {
        let rows = try await pool.query(
            "SELECT at, from_status, to_status, detail, type, data::text AS data FROM task_events WHERE task_id = \(id) ORDER BY id")
        return try rows.map { row in
            TaskEvent(
                at: try row.decode(Date.self, column: "at"), from: try row.decodeStatusIfPresent(column: "from_status"),
                to: try row.decodeStatus(column: "to_status"), detail: try row.decode(String?.self, column: "detail"),
                type: try row.decode(String?.self, column: "type"), data: try row.decode(String?.self, column: "data"))
        }
    }
}
