import Logging
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime

extension ReconcilePass {
    /// The pass `configuration` describes: its board, its share of the token's budget paced under its Redis prefix.
    init(
        configuration: WorkerConfiguration, store: TaskStore, redis: any RedisCommandRunner, trello: TrelloGateway,
        metrics: ReconcileMetrics, logger: Logger
    ) {
        self.init(
            store: store,
            trello: trello,
            boardID: configuration.trello.boardID,
            pacer: ReconcilePacer(
                redis: redis,
                limits: configuration.limits,
                share: configuration.reconcile.budgetShare,
                keyFingerprint: RateLimiter.fingerprint(of: configuration.trello.apiKey.value),
                tokenFingerprint: RateLimiter.fingerprint(of: configuration.trello.apiToken.value),
                keyPrefix: configuration.keyPrefix),
            metrics: metrics,
            logger: logger)
    }
}
