import CurlClient
import Logging
import TaskBridgeRuntime
import Trello

/// The board's Trello webhook, as the admin CLI manages it: one per board and callback URL, registered only after
/// listing the token's webhooks (so registering twice changes nothing), and turned back on when Trello has turned
/// it off for failing. Each call goes straight to Trello: an operator's handful of requests needs no fleet limiter.
public struct BoardWebhook: Sendable {
    /// A webhook as the CLI shows it.
    public struct State: Sendable, Hashable {
        /// Trello's id for it.
        public var id: String
        /// Whether Trello still calls it.
        public var active: Bool
        /// One line for the operator: id, state, failures in a row when Trello says, and the URL it calls.
        public var line: String

        init(_ webhook: TrelloWebhook) {
            id = webhook.id
            active = webhook.active
            let failures = webhook.consecutiveFailures.map { ", \($0) failures in a row" } ?? ""
            line = "webhook \(webhook.id): \(webhook.active ? "active" : "inactive")\(failures), calls \(webhook.callbackURL)"
        }
    }

    /// What `register()` did.
    public enum Registration: Sendable, Hashable {
        /// It was already there and active.
        case unchanged(State)
        /// It was there but Trello had deactivated it; it is active again.
        case reactivated(State)
        /// It is new.
        case created(State)
    }

    /// The description every webhook the bridge registers carries.
    public static let description = "TaskBridge: card status flows back to tasks"

    private let client: TrelloClient
    /// The board the webhook watches.
    public let boardID: String
    /// The exact URL Trello calls and signs.
    public let callbackURL: String

    /// Runs `body` with the webhook of the board `trello` names at `callbackURL`, then closes its HTTP session.
    public static func with<Value: Sendable>(
        trello: TrelloSettings, callbackURL: String, logger: Logger, _ body: (BoardWebhook) async throws -> Value
    ) async throws -> Value {
        let session = try HTTPSession(
            configuration: .init(maxConnections: 2, timeout: .seconds(30), userAgent: "taskbridge"), logger: logger)
        let client = TrelloClient(
            baseURL: trello.baseURL,
            credentials: TrelloCredentials(key: trello.apiKey.value, token: trello.apiToken.value),
            session: session, requestTimeout: .seconds(30))
        let webhook = BoardWebhook(client: client, boardID: trello.boardID, callbackURL: callbackURL)
        return try await session.shutDown { try await body(webhook) }
    }

    /// The token's webhooks that call the bridge back about this board.
    public func status() async throws -> [State] {
        try await webhooks().map(State.init)
    }

    /// Makes sure one active webhook calls the bridge back about this board.
    public func register() async throws -> Registration {
        let existing = try await webhooks()
        if let active = existing.first(where: \.active) { return .unchanged(State(active)) }
        if let inactive = existing.first {
            return .reactivated(State(try await client.activateWebhook(inactive.id).value))
        }
        let created = try await client.createWebhook(model: boardID, callbackURL: callbackURL, description: Self.description)
        return .created(State(created.value))
    }

    /// Deletes every webhook that calls the bridge back about this board; returns how many.
    public func remove() async throws -> Int {
        let existing = try await webhooks()
        for webhook in existing {
            try await client.deleteWebhook(webhook.id)
        }
        return existing.count
    }

    private func webhooks() async throws -> [TrelloWebhook] {
        try await client.webhooks().value.filter { $0.callbackURL == callbackURL && $0.idModel == boardID }
    }
}
