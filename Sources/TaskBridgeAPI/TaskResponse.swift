import Foundation
import TaskBridgeCore

/// A task as the API shows it (the `Task` schema of the OpenAPI document): what a client needs to follow it to
/// its card, without the worker's bookkeeping (leases, token, idempotency key).
struct TaskResponse: Encodable, Sendable {
    /// The card, once made, and what the reconciler and Trello's webhook last said of it; the webhook's fields are
    /// left out until it has said something.
    struct Card: Encodable, Sendable {
        var id: String
        var url: String?
        /// Archived in Trello.
        var closed: Bool
        /// Gone from the board (deleted, or moved to another board).
        var deleted: Bool
        /// The name of the list it is in.
        var list: String?
        /// Its members' ids.
        var members: [String]?
        /// Its due date.
        var due: String?
        /// Whether its due date is marked complete.
        var dueComplete: Bool?

        private enum CodingKeys: String, CodingKey {
            case id, url, closed, deleted, list, members, due
            case dueComplete = "due_complete"
        }
    }

    /// Where to go next.
    struct Links: Encodable, Sendable {
        var `self`: String
        var retry: String?
    }

    var id: String
    var type: String
    var title: String
    var description: String?
    var category: String?
    var status: String
    var attempts: Int
    var nextAttemptAt: String?
    var lastError: String?
    var callbackURL: String?
    var card: Card?
    var createdAt: String
    var updatedAt: String
    var doneAt: String?
    var links: Links
    /// Every delivery (one per destination of the task's route), on `GET /v1/tasks/{id}` only; nil elsewhere.
    var deliveries: [DeliveryResponse]?

    private enum CodingKeys: String, CodingKey {
        case id, type, title, description, category, status, attempts
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case callbackURL = "callback_url"
        case card
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case doneAt = "done_at"
        case links
        case deliveries
    }

    /// The representation of `task`.
    init(_ task: TaskRecord) {
        let path = Self.path(of: task.id)
        id = task.id.uuidString.lowercased()
        type = task.type
        title = task.title
        description = task.description
        category = task.category
        status = task.status.rawValue
        attempts = task.attempts
        let waiting = task.status == .queued || task.status == .retrying
        nextAttemptAt = waiting ? Self.timestamp(task.nextAttemptAt) : nil
        lastError = task.lastError
        callbackURL = task.callbackURL
        card = task.cardID.map {
            Card(
                id: $0, url: task.cardURL, closed: task.cardClosed, deleted: task.cardDeleted, list: task.cardList,
                members: task.cardMembers, due: task.cardDue.map(Self.timestamp), dueComplete: task.cardDueComplete)
        }
        createdAt = Self.timestamp(task.createdAt)
        updatedAt = Self.timestamp(task.updatedAt)
        doneAt = task.doneAt.map(Self.timestamp)
        links = Links(self: path, retry: task.status == .failed ? path + "/retry" : nil)
    }

    /// Every member, nulls included, so clients see the whole shape on every task.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(category, forKey: .category)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(callbackURL, forKey: .callbackURL)
        try container.encode(card, forKey: .card)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(doneAt, forKey: .doneAt)
        try container.encode(links, forKey: .links)
        try container.encodeIfPresent(deliveries, forKey: .deliveries)
    }

    /// The task's URL path, also its `Location`.
    static func path(of id: UUID) -> String {
        "/v1/tasks/\(id.uuidString.lowercased())"
    }

    private static let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func timestamp(_ date: Date) -> String {
        format.format(date)
    }
}
