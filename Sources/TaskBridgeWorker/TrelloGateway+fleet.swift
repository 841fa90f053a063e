import CurlClient
import Logging
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

extension TrelloGateway {
    /// The gateway of a worker, or of the CLI's reconcile pass: `configuration`'s board and credentials (or
    /// `credentials`, a stored credential's) behind the fleet's rate limiter in Redis, keyed on that token and key,
    /// failures returned as they are (the caller decides what to retry).
    static func fleet(
        configuration: WorkerConfiguration, credentials: TrelloCredentials? = nil, redis: any RedisCommandRunner,
        session: HTTPSession, fleet: FleetGate?, metrics: WorkerMetrics, logger: Logger
    ) -> TrelloGateway {
        let trello = configuration.trello
        let credentials = credentials ?? TrelloCredentials(key: trello.apiKey.value, token: trello.apiToken.value)
        return TrelloGateway(
            client: TrelloClient(
                baseURL: trello.baseURL,
                credentials: credentials,
                session: session,
                requestTimeout: configuration.requestTimeout),
            limiter: RateLimiter(
                redis: redis,
                limits: configuration.limits,
                keyFingerprint: RateLimiter.fingerprint(of: credentials.key),
                tokenFingerprint: RateLimiter.fingerprint(of: credentials.token),
                keyPrefix: configuration.keyPrefix),
            limits: configuration.limits,
            fleet: fleet,
            retry: nil,
            retryAfterCap: configuration.retry.retryAfterCap,
            metrics: metrics,
            logger: logger)
    }
}
