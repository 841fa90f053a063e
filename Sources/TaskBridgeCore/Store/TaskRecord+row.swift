#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskRecord {
    /// The `tasks` columns `init(row:)` reads: a query may select more, in any order.
    public static let selectColumns = """
        id, type, title, description, category, status, attempts, next_attempt_at, lease_until, lease_owner, \
        last_error, card_id, card_url, assignee_id, label_ids, token_id, idempotency_key, request_hash, enqueued_at, \
        created_at, updated_at, done_at, card_closed, card_deleted, card_list, card_members, card_due, \
        card_due_complete, callback_url
        """

    /// Reads a row holding (at least) the `selectColumns`, by their names.
    public init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(UUID.self, column: "id"),
            type: try row.decode(String.self, column: "type"),
            title: try row.decode(String.self, column: "title"),
            description: try row.decode(String?.self, column: "description"),
            category: try row.decode(String?.self, column: "category"),
            status: try row.decodeStatus(column: "status"),
            attempts: try row.decode(Int.self, column: "attempts"),
            nextAttemptAt: try row.decode(Date.self, column: "next_attempt_at"),
            leaseUntil: try row.decode(Date?.self, column: "lease_until"),
            leaseOwner: try row.decode(String?.self, column: "lease_owner"),
            lastError: try row.decode(String?.self, column: "last_error"),
            cardID: try row.decode(String?.self, column: "card_id"),
            cardURL: try row.decode(String?.self, column: "card_url"),
            assigneeID: try row.decode(String?.self, column: "assignee_id"),
            labelIDs: try row.decode([String].self, column: "label_ids"),
            tokenID: try row.decode(UUID?.self, column: "token_id"),
            idempotencyKey: try row.decode(String?.self, column: "idempotency_key"),
            requestHash: try row.decode(String?.self, column: "request_hash"),
            enqueuedAt: try row.decode(Date?.self, column: "enqueued_at"),
            createdAt: try row.decode(Date.self, column: "created_at"),
            updatedAt: try row.decode(Date.self, column: "updated_at"),
            doneAt: try row.decode(Date?.self, column: "done_at"),
            cardClosed: try row.decode(Bool.self, column: "card_closed"),
            cardDeleted: try row.decode(Bool.self, column: "card_deleted"),
            cardList: try row.decode(String?.self, column: "card_list"),
            cardMembers: try row.decode([String]?.self, column: "card_members"),
            cardDue: try row.decode(Date?.self, column: "card_due"),
            cardDueComplete: try row.decode(Bool?.self, column: "card_due_complete"),
            callbackURL: try row.decode(String?.self, column: "callback_url")
        )
    }
}
