import Hummingbird
import Logging
import PostgresClient
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime

/// Builds the API: pools, stores, write path, routes and middleware, as one Hummingbird application whose
/// services (the pools) start before the server and stop after it has drained its requests.
public func buildApplication(configuration: APIConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    // First, so that a missing or broken document stops the start-up before anything is opened.
    let documentation = try APIDocumentation.bundled()
    let assets = try DashboardAssets.bundled()
    let postgres = try ServerPools.postgres(
        url: configuration.databaseURL, connections: configuration.databaseConnections,
        timeouts: configuration.databaseTimeouts, logger: logger)
    let redis = try ServerPools.redis(
        url: configuration.redisURL, connections: configuration.redisConnections, commandTimeout: .seconds(2),
        logger: logger)

    let router = buildRouter(
        configuration: configuration, documentation: documentation, postgres: postgres, redis: redis, assets: assets,
        logger: logger)
    let idleTimeout = configuration.idleTimeout
    let bodyTimeout = configuration.bodyTimeout
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestReadDeadlineHandler(headTimeout: idleTimeout, bodyTimeout: bodyTimeout)])),
        configuration: .init(
            address: .hostname(configuration.http.host, port: configuration.http.port), serverName: nil,
            availableConnectionsDelegate: .maximum(configuration.maxConnections, logger: logger)),
        services: [
            postgres, redis,
            StatsFlusher(tally: configuration.metrics.history, redis: redis, keyPrefix: configuration.keyPrefix, logger: logger),
        ],
        logger: logger)
    let stream = DispatchStream(
        redis: redis, name: configuration.streamName, group: configuration.streamGroup,
        maxLength: configuration.streamMaxLength)
    app.beforeServerStarts {
        do {
            try await stream.ensureGroup()
        } catch {
            // Not fatal: tasks are stored anyway, and every enqueue creates the group if it is missing.
            logger.warning("Could not create the dispatch stream's consumer group yet", metadata: ["error": "\(error)"])
        }
    }
    return app
}

/// The router with every route: the operations routes open, the task and stats routes behind bearer
/// authentication, the dashboard behind its sessions, over PostgreSQL and Redis.
func buildRouter(
    configuration: APIConfiguration, documentation: APIDocumentation, postgres: PostgresPool, redis: RedisPool,
    assets: DashboardAssets, logger: Logger
) -> Router<APIRequestContext> {
    let operations = OperationsController(
        postgres: postgres, redis: redis, metrics: configuration.metrics, fleetStateKey: configuration.fleetStateKey,
        documentation: documentation)
    let stream = DispatchStream(
        redis: redis, name: configuration.streamName, group: configuration.streamGroup,
        maxLength: configuration.streamMaxLength)
    return buildRouter(
        configuration: configuration, tasks: TaskStore(pool: postgres), tokens: TokenStore(pool: postgres),
        queue: stream, operations: operations, history: StatsStore(pool: postgres),
        dashboard: DashboardServices(
            sessions: DashboardSessionStore(pool: postgres), alerts: AlertStore(pool: postgres), redis: redis,
            stream: stream, fleetStateKey: configuration.fleetStateKey, assets: assets),
        logger: logger)
}

/// What the dashboard needs besides what the API's routes share with it.
struct DashboardServices: Sendable {
    let sessions: DashboardSessionStore
    let alerts: AlertStore
    let redis: RedisPool
    let stream: DispatchStream
    let fleetStateKey: String
    let assets: DashboardAssets
}

/// The router over any tasks, tokens and queue: PostgreSQL and Redis in production, in-memory ones in unit tests,
/// which have no servers and so no `operations` routes to report on them.
func buildRouter(
    configuration: APIConfiguration, tasks: any TaskRepository, tokens: some TokenRepository, queue: any TaskQueue,
    operations: OperationsController?, history: (any HistoryRepository)? = nil, dashboard: DashboardServices? = nil,
    logger: Logger
) -> Router<APIRequestContext> {
    let intake = TaskIntake(
        tasks: tasks, queue: queue, metrics: configuration.metrics, logger: logger,
        maxBatchSize: configuration.maxInsertBatch, maxConcurrentFlushes: configuration.maxConcurrentInserts,
        enqueueRetryDelay: configuration.enqueueRetryDelay)
    let authenticator = TokenAuthenticator(
        tokens: tokens, ttl: configuration.tokenCacheTTL, metrics: configuration.metrics)

    let routes = RouteTable()
    let router = Router(context: APIRequestContext.self)
    // Before any route, in this order: every answer is measured as the problem it became, and every route is bounded.
    router.add(middleware: RequestMetricsMiddleware(metrics: configuration.metrics))
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: RequestDeadlineMiddleware(timeout: configuration.requestTimeout))
    operations?.addRoutes(to: router)
    let group = router.group("v1/tasks").add(middleware: BearerAuthMiddleware(authenticator: authenticator))
    TasksController(intake: intake, tasks: tasks).addRoutes(to: group)
    if let history {
        StatsController(history: history).addRoutes(
            to: router.group("v1/stats").add(middleware: BearerAuthMiddleware(authenticator: authenticator)))
    }
    if let history, let dashboard {
        DashboardController(
            tasks: tasks, intake: intake, authenticator: authenticator, sessions: dashboard.sessions,
            history: history, alerts: dashboard.alerts, redis: dashboard.redis, stream: dashboard.stream,
            fleetStateKey: dashboard.fleetStateKey, assets: dashboard.assets
        ).addRoutes(to: router)
    }
    routes.record(router.routes.map { ($0.path, $0.method) })
    return router
}
