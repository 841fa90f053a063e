import Logging
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

extension ReconcilePass {
    /// The pass `configuration` describes over `boardID` (nil: the environment's board) through `trello`, which sends
    /// with `credentials` (nil: the environment's key and token): its share of their budget, paced under the Redis
    /// prefix.
    init(
        configuration: WorkerConfiguration, store: TaskStore, redis: any RedisCommandRunner, trello: TrelloGateway,
        boardID: String? = nil, credentials: TrelloCredentials? = nil, metrics: ReconcileMetrics, logger: Logger
    ) {
        let key = credentials?.key ?? configuration.trello.apiKey.value
        let token = credentials?.token ?? configuration.trello.apiToken.value
        var logger = logger
        if let boardID { logger[metadataKey: "board.id"] = "\(boardID)" }
        self.init(
            store: store,
            trello: trello,
            boardID: boardID ?? configuration.trello.boardID,
            isEnvironmentBoard: boardID == nil,
            pacer: ReconcilePacer(
                redis: redis,
                limits: configuration.limits,
                share: configuration.reconcile.budgetShare,
                keyFingerprint: RateLimiter.fingerprint(of: key),
                tokenFingerprint: RateLimiter.fingerprint(of: token),
                keyPrefix: configuration.keyPrefix),
            metrics: metrics,
            logger: logger)
    }
}
