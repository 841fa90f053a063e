import CurlClient
import Logging
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

extension TrelloGateway {
    /// The gateway of a worker, or of the CLI's reconcile pass: `configuration`'s board and credentials behind the
    /// fleet's rate limiter in Redis, failures returned as they are (the caller decides what to retry).
    static func fleet(
        configuration: WorkerConfiguration, redis: any RedisCommandRunner, session: HTTPSession, fleet: FleetGate?,
        metrics: WorkerMetrics, logger: Logger
    ) -> TrelloGateway {
        let trello = configuration.trello
        return TrelloGateway(
            client: TrelloClient(
                baseURL: trello.baseURL,
                credentials: TrelloCredentials(key: trello.apiKey.value, token: trello.apiToken.value),
                session: session,
                requestTimeout: configuration.requestTimeout),
            limiter: RateLimiter(
                redis: redis,
                limits: configuration.limits,
                keyFingerprint: RateLimiter.fingerprint(of: trello.apiKey.value),
                tokenFingerprint: RateLimiter.fingerprint(of: trello.apiToken.value),
                keyPrefix: configuration.keyPrefix),
            limits: configuration.limits,
            fleet: fleet,
            retry: nil,
            retryAfterCap: configuration.retry.retryAfterCap,
            metrics: metrics,
            logger: logger)
    }
}
