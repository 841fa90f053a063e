import Hummingbird
import Logging
import PostgresClient
import RedisClient
import ServiceLifecycle
import TaskBridgeCore
import TaskBridgeRuntime

/// Builds the API: pools, stores, write path, routes and middleware, as one Hummingbird application whose
/// services (the pools and the batching of writes and token lookups) start before the server and stop after it has
/// drained its requests.
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

    let stream = DispatchStream(
        redis: redis, name: configuration.streamName, group: configuration.streamGroup,
        maxLength: configuration.streamMaxLength)
    let (router, batching) = buildRouter(
        configuration: configuration, documentation: documentation, postgres: postgres, redis: redis, stream: stream,
        assets: assets, logger: logger)
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
        services: [postgres, redis] + batching + [
            StatsFlusher(tally: configuration.metrics.history, redis: redis, keyPrefix: configuration.keyPrefix, logger: logger),
        ],
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

/// The router with every route over PostgreSQL and Redis: the operations routes open, the task and stats routes
/// behind bearer authentication, the dashboard behind its sessions; and the services that batch its writes and token
/// lookups, which the application must run after the pools.
func buildRouter(
    configuration: APIConfiguration, documentation: APIDocumentation, postgres: PostgresPool, redis: RedisPool,
    stream: DispatchStream, assets: DashboardAssets, logger: Logger
) -> (router: Router<APIRequestContext>, batching: [any Service]) {
    let tasks = TaskStore(pool: postgres)
    let intake = TaskIntake(configuration: configuration, tasks: tasks, queue: stream, logger: logger)
    let authenticator = TokenAuthenticator(configuration: configuration, tokens: TokenStore(pool: postgres))
    let operations = OperationsController(
        postgres: postgres, redis: redis, metrics: configuration.metrics, fleetStateKey: configuration.fleetStateKey,
        drain: configuration.drain, documentation: documentation)
    let webhook = configuration.trelloWebhook.map { settings in
        TrelloWebhookController(
            callbackURL: settings.callbackURL, secrets: EnvironmentWebhookSecret(secret: settings.appSecret),
            actions: TrelloActionStore(pool: postgres))
    }
    let admin = AdminController(
        routes: RouteStore(pool: postgres), credentials: CredentialStore(pool: postgres),
        sealer: configuration.credentialSealer)
    let router = buildRouter(
        configuration: configuration, intake: intake, authenticator: authenticator, tasks: tasks,
        operations: operations, webhook: webhook, admin: admin, history: StatsStore(pool: postgres),
        dashboard: DashboardServices(
            sessions: DashboardSessionStore(pool: postgres), alerts: AlertStore(pool: postgres), redis: redis,
            stream: stream, fleetStateKey: configuration.fleetStateKey, assets: assets),
        logger: logger)
    return (router, [intake, authenticator])
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

/// The router over any tasks, through `intake` and `authenticator` (services the application must run): PostgreSQL
/// and Redis in production, in-memory ones in unit tests, which have no servers and so no `operations`, history or
/// dashboard routes to report on them, nor admin routes. The Trello webhook receiver is there when it is configured
/// (`PUBLIC_BASE_URL`, `TRELLO_APP_SECRET`).
func buildRouter(
    configuration: APIConfiguration, intake: TaskIntake, authenticator: TokenAuthenticator, tasks: any TaskRepository,
    operations: OperationsController?, webhook: TrelloWebhookController? = nil, admin: AdminController? = nil,
    history: (any HistoryRepository)? = nil, dashboard: DashboardServices? = nil, logger: Logger
) -> Router<APIRequestContext> {
    let routes = RouteTable()
    let router = Router(context: APIRequestContext.self)
    // Before any route, in this order: every answer carries its request's id, is measured as the problem it became,
    // and every route is bounded.
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: configuration.metrics))
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: RequestDeadlineMiddleware(timeout: configuration.requestTimeout))
    operations?.addRoutes(to: router)
    webhook?.addRoutes(to: router)
    let group = router.group("v1/tasks").add(
        middleware: BearerAuthMiddleware(authenticator: authenticator, requiredScope: BearerAuthMiddleware.taskScope))
    TasksController(intake: intake, tasks: tasks, callbacks: configuration.callbacks).addRoutes(to: group)
    if let history {
        StatsController(history: history).addRoutes(
            to: router.group("v1/stats").add(
                middleware: BearerAuthMiddleware(authenticator: authenticator, requiredScope: BearerAuthMiddleware.taskScope)))
    }
    if let history, let dashboard {
        DashboardController(
            tasks: tasks, intake: intake, authenticator: authenticator, sessions: dashboard.sessions,
            history: history, alerts: dashboard.alerts, redis: dashboard.redis, stream: dashboard.stream,
            fleetStateKey: dashboard.fleetStateKey, assets: dashboard.assets
        ).addRoutes(to: router)
    }
    if let admin {
        let adminGroup = router.group("v1/admin").add(
            middleware: BearerAuthMiddleware(authenticator: authenticator, requiredScope: { _ in .admin }))
        admin.addRoutes(to: adminGroup)
    }
    routes.record(router.routes.map { ($0.path, $0.method) })
    return router
}
