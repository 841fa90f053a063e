#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskRecord {
    /// The `tasks` columns `init(row:)` reads, in its order: select exactly these.
    public static let selectColumns = """
        id, type, title, description, category, status, attempts, next_attempt_at, lease_until, lease_owner, \
        last_error, card_id, card_url, assignee_id, label_ids, token_id, idempotency_key, request_hash, enqueued_at, \
        created_at, updated_at, done_at, card_closed, card_deleted, card_list, card_members, card_due, \
        card_due_complete, callback_url
        """

    /// Reads a row selected with `selectColumns`.
    public init(row: PostgresRow) throws(PostgresError) {
        let statusText = try row.decode(String.self, at: 5)
        guard let status = TaskStatus(rawValue: statusText) else {
            throw PostgresError(kind: .decoding, message: "unknown task status in column 'status'")
        }
        self.init(
            id: try row.decode(UUID.self, at: 0),
            type: try row.decode(String.self, at: 1),
            title: try row.decode(String.self, at: 2),
            description: try row.decode(String?.self, at: 3),
            category: try row.decode(String?.self, at: 4),
            status: status,
            attempts: try row.decode(Int.self, at: 6),
            nextAttemptAt: try row.decode(Date.self, at: 7),
            leaseUntil: try row.decode(Date?.self, at: 8),
            leaseOwner: try row.decode(String?.self, at: 9),
            lastError: try row.decode(String?.self, at: 10),
            cardID: try row.decode(String?.self, at: 11),
            cardURL: try row.decode(String?.self, at: 12),
            assigneeID: try row.decode(String?.self, at: 13),
            labelIDs: try row.decode([String].self, at: 14),
            tokenID: try row.decode(UUID?.self, at: 15),
            idempotencyKey: try row.decode(String?.self, at: 16),
            requestHash: try row.decode(String?.self, at: 17),
            enqueuedAt: try row.decode(Date?.self, at: 18),
            createdAt: try row.decode(Date.self, at: 19),
            updatedAt: try row.decode(Date.self, at: 20),
            doneAt: try row.decode(Date?.self, at: 21),
            cardClosed: try row.decode(Bool.self, at: 22),
            cardDeleted: try row.decode(Bool.self, at: 23),
            cardList: try row.decode(String?.self, at: 24),
            cardMembers: try row.decode([String]?.self, at: 25),
            cardDue: try row.decode(Date?.self, at: 26),
            cardDueComplete: try row.decode(Bool?.self, at: 27),
            callbackURL: try row.decode(String?.self, at: 28)
        )
    }
}
