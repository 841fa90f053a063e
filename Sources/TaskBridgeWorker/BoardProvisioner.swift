import CurlClient
import Logging
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

/// The admin CLI's door to the board: says what the bridge lacks there and creates it, sending straight to Trello
/// (one operator's handful of requests needs no fleet limiter) and riding out 429s and outages in place.
public struct BoardProvisioner: Sendable {
    /// The CLI's patience: backoff from half a second to Trello's 10-second window, about a minute in all.
    public static let defaultRetry = RetryPolicy(base: .milliseconds(500), cap: .seconds(10), maxAttempts: 12)

    private let synchronizer: BoardSynchronizer

    /// Runs `body` with a provisioner for the board `trello` names, then closes its HTTP session.
    public static func with<Value: Sendable>(
        trello: TrelloSettings,
        retry: RetryPolicy = defaultRetry,
        requestTimeout: Duration = .seconds(15),
        logger: Logger,
        _ body: (BoardProvisioner) async throws -> Value
    ) async throws -> Value {
        let session = try HTTPSession(
            configuration: .init(maxConnections: 4, timeout: requestTimeout, userAgent: "taskbridge"), logger: logger)
        let gateway = TrelloGateway(
            client: TrelloClient(
                baseURL: trello.baseURL,
                credentials: TrelloCredentials(key: trello.apiKey.value, token: trello.apiToken.value),
                session: session,
                requestTimeout: requestTimeout),
            limiter: nil, limits: TrelloRateLimits(), fleet: nil, retry: retry,
            retryAfterCap: retry.retryAfterCap, metrics: WorkerMetrics(), logger: logger)
        let provisioner = BoardProvisioner(
            synchronizer: BoardSynchronizer(trello: gateway, boardID: trello.boardID, listName: trello.listName))
        return try await session.shutDown { try await body(provisioner) }
    }

    /// What the board lacks; changes nothing.
    public func check() async throws -> BoardReport {
        try await synchronizer.check()
    }

    /// Creates the list and labels the board lacks, and reports what it made; a complete board is left alone.
    public func sync() async throws -> BoardReport {
        try await synchronizer.sync().report
    }
}
