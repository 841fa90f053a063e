import Hummingbird
import Logging
import PostgresClient
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime

/// Builds the API: pools, stores, write path, routes and middleware, as one Hummingbird application whose
/// services (the pools and the batching of writes and token lookups) start before the server and stop after it has
/// drained its requests.
public func buildApplication(configuration: APIConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    // First, so that a missing or broken document stops the start-up before anything is opened.
    let documentation = try APIDocumentation.bundled()
    let postgres = try ServerPools.postgres(
        url: configuration.databaseURL, connections: configuration.databaseConnections,
        timeouts: configuration.databaseTimeouts, logger: logger)
    let redis = try ServerPools.redis(
        url: configuration.redisURL, connections: configuration.redisConnections, commandTimeout: .seconds(2),
        logger: logger)

    let stream = DispatchStream(
        redis: redis, name: configuration.streamName, group: configuration.streamGroup,
        maxLength: configuration.streamMaxLength)
    let tasks = TaskStore(pool: postgres)
    let intake = TaskIntake(configuration: configuration, tasks: tasks, queue: stream, logger: logger)
    let authenticator = TokenAuthenticator(configuration: configuration, tokens: TokenStore(pool: postgres))
    let operations = OperationsController(
        postgres: postgres, redis: redis, metrics: configuration.metrics, fleetStateKey: configuration.fleetStateKey,
        drain: configuration.drain, documentation: documentation)
    let router = buildRouter(
        configuration: configuration, intake: intake, authenticator: authenticator, tasks: tasks,
        operations: operations, logger: logger)
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
        // Stopped in reverse order once the server has drained: the batching first, then the pools it writes to.
        services: [postgres, redis, intake, authenticator],
        logger: logger)
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

/// The router over any tasks, through `intake` and `authenticator` (services the application must run): PostgreSQL
/// and Redis in production, in-memory ones in unit tests, which have no servers and so no `operations` routes to
/// report on them.
func buildRouter(
    configuration: APIConfiguration, intake: TaskIntake, authenticator: TokenAuthenticator, tasks: any TaskRepository,
    operations: OperationsController?, logger: Logger
) -> Router<APIRequestContext> {

    let routes = RouteTable()
    let router = Router(context: APIRequestContext.self)
    // Before any route, in this order: every answer is measured as the problem it became, and every route is bounded.
    router.add(middleware: RequestMetricsMiddleware(metrics: configuration.metrics))
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: RequestDeadlineMiddleware(timeout: configuration.requestTimeout))
    operations?.addRoutes(to: router)
    let group = router.group("v1/tasks").add(middleware: BearerAuthMiddleware(authenticator: authenticator))
    TasksController(intake: intake, tasks: tasks).addRoutes(to: group)
    routes.record(router.routes.map { ($0.path, $0.method) })
    return router
}
