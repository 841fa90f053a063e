#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskStore {
    /// The task's deliveries, by route position (a channel's notifications in the order of their moments); empty
    /// when there is no such task.
    public func deliveries(of taskID: UUID) async throws -> [DeliveryRecord] {
        let rows = try await pool.query("""
            SELECT d.id AS delivery_id, d.route_name, d.position, d.board_id, d.list_name, d.credential_id,
                   c.name AS credential_name, d.kind, d.moment, d.status, d.attempts, d.next_attempt_at, d.last_error,
                   d.card_id, d.card_url
            FROM deliveries d LEFT JOIN credentials c ON c.id = d.credential_id
            WHERE d.task_id = \(taskID)
            ORDER BY d.position, d.created_at
            """)
        return try rows.map { row in
            DeliveryRecord(
                destination: try DeliveryDestination(row: row),
                kind: try row.decode(String.self, column: "kind"),
                moment: try row.decode(String?.self, column: "moment").flatMap(NotificationMoment.init(rawValue:)),
                credentialName: try row.decode(String?.self, column: "credential_name"),
                status: try row.decodeStatus(column: "status"),
                attempts: try row.decode(Int.self, column: "attempts"),
                nextAttemptAt: try row.decode(Date.self, column: "next_attempt_at"),
                lastError: try row.decode(String?.self, column: "last_error"),
                cardID: try row.decode(String?.self, column: "card_id"),
                cardURL: try row.decode(String?.self, column: "card_url"))
        }
    }
}
