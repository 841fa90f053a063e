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
            let from = try row.decode(String?.self, column: "from_status")
            let to = try row.decode(String.self, column: "to_status")
            guard let toStatus = TaskStatus(rawValue: to), from.map({ TaskStatus(rawValue: $0) != nil }) ?? true else {
                throw PostgresError(kind: .decoding, message: "unknown task status in task_events")
            }
            return TaskEvent(
                at: try row.decode(Date.self, column: "at"), from: from.flatMap(TaskStatus.init(rawValue:)),
                to: toStatus, detail: try row.decode(String?.self, column: "detail"))
        }
    }
}
