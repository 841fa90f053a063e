#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One delivery of a task as people follow it: where it goes (as its route named it at acceptance) and how far it
/// got. The worker's bookkeeping (leases, settle windows) stays out.
public struct DeliveryRecord: Sendable, Hashable {
    /// The delivery's id; the task's own id for its first delivery.
    public var id: UUID
    /// Where it goes (for a Slack or email delivery: its route, position and credential; no board).
    public var destination: DeliveryDestination
    /// `trello` for a card; `slack` or `email` for a notification.
    public var kind: String
    /// The moment a notification tells of; nil for a card.
    public var moment: NotificationMoment?
    /// The stored credential's name; nil for the environment's (or a credential removed since).
    public var credentialName: String?
    /// Its status, as a task's.
    public var status: TaskStatus
    /// Attempts made since acceptance or the last retry.
    public var attempts: Int
    /// When it is next due, while queued or retrying.
    public var nextAttemptAt: Date
    /// The latest failure.
    public var lastError: String?
    /// Its card, once made.
    public var cardID: String?
    /// Its card's URL.
    public var cardURL: String?

    /// A delivery.
    public init(
        destination: DeliveryDestination, kind: String = "trello", moment: NotificationMoment? = nil,
        credentialName: String? = nil, status: TaskStatus, attempts: Int, nextAttemptAt: Date, lastError: String? = nil,
        cardID: String? = nil, cardURL: String? = nil
    ) {
        self.id = destination.deliveryID
        self.destination = destination
        self.kind = kind
        self.moment = moment
        self.credentialName = credentialName
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.cardID = cardID
        self.cardURL = cardURL
    }

    /// The only delivery of a task that went to the environment's board, as the in-memory stores keep it.
    public init(soleDeliveryOf task: TaskRecord) {
        self.init(
            destination: .environment(taskID: task.id), status: task.status, attempts: task.attempts,
            nextAttemptAt: task.nextAttemptAt, lastError: task.lastError, cardID: task.cardID, cardURL: task.cardURL)
    }
}
