#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of the `tasks` table, column for column (migrations/001_initial.sql).
public struct TaskRecord: Sendable, Hashable {
    /// `id`.
    public var id: UUID
    /// `type`: a kind's name.
    public var type: String
    /// `title`: as sent, or generated for a bug.
    public var title: String
    /// `description`.
    public var description: String?
    /// `category`.
    public var category: String?
    /// `status`.
    public var status: TaskStatus
    /// `attempts`: dispatch attempts started so far.
    public var attempts: Int
    /// `next_attempt_at`: when the task is next due.
    public var nextAttemptAt: Date
    /// `lease_until`: while dispatching, when another worker may take over.
    public var leaseUntil: Date?
    /// `lease_owner`: the worker holding the lease.
    public var leaseOwner: String?
    /// `last_error`.
    public var lastError: String?
    /// `card_id`: once done.
    public var cardID: String?
    /// `card_url`: once done.
    public var cardURL: String?
    /// `assignee_id`: the member a bug's card was assigned to.
    public var assigneeID: String?
    /// `label_ids`: the labels put on the card.
    public var labelIDs: [String]
    /// `token_id`: the API token that submitted it.
    public var tokenID: UUID?
    /// `idempotency_key`.
    public var idempotencyKey: String?
    /// `request_hash`: of the body sent with the idempotency key.
    public var requestHash: String?
    /// `enqueued_at`: the last time the id was put on the stream.
    public var enqueuedAt: Date?
    /// `created_at`.
    public var createdAt: Date
    /// `updated_at`.
    public var updatedAt: Date
    /// `done_at`.
    public var doneAt: Date?
    /// `card_closed`: the reconciler or a webhook saw the recorded card archived in Trello.
    public var cardClosed: Bool
    /// `card_deleted`: the reconciler found the recorded card gone from the board, or a webhook said it was deleted.
    public var cardDeleted: Bool
    /// `card_list`: the name of the list Trello last said the card is in; nil until a webhook said.
    public var cardList: String?
    /// `card_members`: the ids of the card's members, as Trello last said.
    public var cardMembers: [String]?
    /// `card_due`: the card's due date, as Trello last said.
    public var cardDue: Date?
    /// `card_due_complete`: whether the due date is marked complete, as Trello last said.
    public var cardDueComplete: Bool?
    /// `callback_url`: where the task's events are POSTed.
    public var callbackURL: String?

    /// Makes a record; every column with a default in the schema has the same default here.
    public init(
        id: UUID,
        type: String,
        title: String,
        description: String? = nil,
        category: String? = nil,
        status: TaskStatus = .queued,
        attempts: Int = 0,
        nextAttemptAt: Date,
        leaseUntil: Date? = nil,
        leaseOwner: String? = nil,
        lastError: String? = nil,
        cardID: String? = nil,
        cardURL: String? = nil,
        assigneeID: String? = nil,
        labelIDs: [String] = [],
        tokenID: UUID? = nil,
        idempotencyKey: String? = nil,
        requestHash: String? = nil,
        enqueuedAt: Date? = nil,
        createdAt: Date,
        updatedAt: Date,
        doneAt: Date? = nil,
        cardClosed: Bool = false,
        cardDeleted: Bool = false,
        cardList: String? = nil,
        cardMembers: [String]? = nil,
        cardDue: Date? = nil,
        cardDueComplete: Bool? = nil,
        callbackURL: String? = nil
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.description = description
        self.category = category
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.leaseOwner = leaseOwner
        self.lastError = lastError
        self.cardID = cardID
        self.cardURL = cardURL
        self.assigneeID = assigneeID
        self.labelIDs = labelIDs
        self.tokenID = tokenID
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.enqueuedAt = enqueuedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.doneAt = doneAt
        self.cardClosed = cardClosed
        self.cardDeleted = cardDeleted
        self.cardList = cardList
        self.cardMembers = cardMembers
        self.cardDue = cardDue
        self.cardDueComplete = cardDueComplete
        self.callbackURL = callbackURL
    }
}
