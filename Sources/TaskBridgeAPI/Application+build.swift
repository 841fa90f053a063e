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
    let postgres = try ServerPools.postgres(
        url: configuration.databaseURL, connections: configuration.databaseConnections,
        timeouts: configuration.databaseTimeouts, logger: logger)
    let redis = try ServerPools.redis(
        url: configuration.redisURL, connections: configuration.redisConnections, commandTimeout: .seconds(2),
        logger: logger)

    let router = buildRouter(
        configuration: configuration, documentation: documentation, postgres: postgres, redis: redis, logger: logger)
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
        services: [postgres, redis],
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

/// The router with every route: the operations routes open, the task routes behind bearer authentication, over
/// PostgreSQL and Redis.
func buildRouter(
    configuration: APIConfiguration, documentation: APIDocumentation, postgres: PostgresPool, redis: RedisPool,
    logger: Logger
) -> Router<APIRequestContext> {
    let operations = OperationsController(
        postgres: postgres, redis: redis, metrics: configuration.metrics, fleetStateKey: configuration.fleetStateKey,
        drain: configuration.drain, documentation: documentation)
    let stream = DispatchStream(
        redis: redis, name: configuration.streamName, group: configuration.streamGroup,
        maxLength: configuration.streamMaxLength)
    return buildRouter(
        configuration: configuration, tasks: TaskStore(pool: postgres), tokens: TokenStore(pool: postgres),
        queue: stream, operations: operations, logger: logger)
}

/// The router over any tasks, tokens and queue: PostgreSQL and Redis in production, in-memory ones in unit tests,
/// which have no servers and so no `operations` routes to report on them.
func buildRouter(
    configuration: APIConfiguration, tasks: any TaskRepository, tokens: some TokenRepository, queue: any TaskQueue,
    operations: OperationsController?, logger: Logger
) -> Router<APIRequestContext> {
    let intake = TaskIntake(
        tasks: tasks, queue: queue, metrics: configuration.metrics, logger: logger,
        maxBatchSize: configuration.maxInsertBatch, maxConcurrentFlushes: configuration.maxConcurrentInserts,
        enqueueRetryDelay: configuration.enqueueRetryDelay)
    let authenticator = TokenAuthenticator(
        tokens: tokens, ttl: configuration.tokenCacheTTL, metrics: configuration.metrics)

    let routes = RouteTable()
    let router = Router(context: APIRequestContext.self)
    // Before any route, in this order: every answer carries its request's id, is measured as the problem it became,
    // and every route is bounded.
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: configuration.metrics))
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: RequestDeadlineMiddleware(timeout: configuration.requestTimeout))
    operations?.addRoutes(to: router)
    let group = router.group("v1/tasks").add(middleware: BearerAuthMiddleware(authenticator: authenticator))
    TasksController(intake: intake, tasks: tasks).addRoutes(to: group)
    routes.record(router.routes.map { ($0.path, $0.method) })
    return router
}
