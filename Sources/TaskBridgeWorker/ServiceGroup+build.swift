import CurlClient
import Logging
import PostgresClient
import RedisClient
import ServiceLifecycle
import TaskBridgeCore
import TaskBridgeRuntime
import Trello
import UnixSignals

/// Builds a worker: pools, the Trello client behind the fleet's rate limiter, and the services that dispatch,
/// relay, reconcile, apply Trello's webhook actions, deliver callbacks and watch the fleet's state, in one group ordered so the pools start first and stop last.
///
/// `gracefulShutdownSignals` start a graceful shutdown (the executable passes SIGTERM and SIGINT; tests call
/// `triggerGracefulShutdown()` instead). `operations` run alongside and stop last (the executable's `/metrics`).
public func buildServiceGroup(
    configuration: WorkerConfiguration,
    logger: Logger,
    gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
    operations: [any Service] = []
) throws -> ServiceGroup {
    var logger = logger
    logger[metadataKey: "worker"] = "\(configuration.workerName)"

    let postgres = try ServerPools.postgres(
        url: configuration.databaseURL, connections: configuration.databaseConnections,
        timeouts: configuration.databaseTimeouts, logger: logger)
    let redis = try ServerPools.redis(
        url: configuration.redisURL, connections: configuration.redisConnections, commandTimeout: .seconds(3),
        logger: logger)
    let session = try HTTPSession(
        configuration: .init(
            maxConnections: configuration.worker.concurrency + 4,
            maxConnectionsPerHost: configuration.worker.concurrency + 4,
            connectTimeout: min(.seconds(5), configuration.requestTimeout),
            timeout: configuration.requestTimeout,
            userAgent: "taskbridge-worker"),
        logger: logger)

    let metrics = WorkerMetrics(
        history: StatsTally(bucketSeconds: configuration.alerts.bucketSeconds, workerName: configuration.workerName))
    let trello = configuration.trello
    let fleet = FleetGate(redis: redis, key: configuration.fleetStateKey, metrics: metrics, logger: logger)
    let gateway = TrelloGateway.fleet(
        configuration: configuration, redis: redis, session: session, fleet: fleet, metrics: metrics, logger: logger)
    let credentials = CredentialStore(pool: postgres)
    let destinations = CardDestinations.fleet(
        configuration: configuration, environment: gateway, credentials: credentials, redis: redis, session: session,
        metrics: metrics, logger: logger)
    let maker = CardMaker(
        destinations: destinations, retry: configuration.retry, lease: configuration.worker.lease, logger: logger)
    let senders = configuration.sealer.map { sealer in
        ChannelSenders(
            session: session, credentials: credentials, sealer: sealer, redis: redis, keyPrefix: configuration.keyPrefix,
            settings: configuration.channels)
    }
    let notifier = Notifier(senders: senders, settings: configuration.channels, retry: configuration.retry, logger: logger)

    let store = TaskStore(pool: postgres)
    let stream = DispatchStream(
        redis: redis, name: configuration.streamName, group: configuration.streamGroup,
        maxLength: configuration.streamMaxLength, reader: redis.makeDedicatedConnection())
    let dispatcher = Dispatcher(
        stream: stream,
        store: store,
        maker: maker,
        notifier: notifier,
        trello: gateway,
        fleet: fleet,
        owner: configuration.workerName,
        concurrency: configuration.worker.concurrency,
        lease: configuration.worker.lease,
        requestTimeout: configuration.requestTimeout,
        settle: configuration.settle,
        shutdownGrace: configuration.shutdownGrace,
        metrics: metrics,
        logger: logger)
    let relay = Relay(
        store: store,
        stream: stream,
        redis: redis,
        keyPrefix: configuration.keyPrefix,
        owner: configuration.workerName,
        interval: configuration.relayInterval,
        lease: configuration.worker.lease,
        metrics: metrics,
        logger: logger)
    let reconciler = Reconciler(
        pass: ReconcilePass(
            configuration: configuration, store: store, redis: redis, trello: gateway, metrics: metrics.reconcile,
            logger: logger),
        boards: .fleet(
            configuration: configuration, store: store, redis: redis, destinations: destinations,
            metrics: metrics.reconcile, logger: logger),
        lock: ReconcileLock(redis: redis, keyPrefix: configuration.keyPrefix),
        owner: configuration.workerName,
        settings: configuration.reconcile,
        fleet: fleet,
        metrics: metrics.reconcile,
        logger: logger)
    let statsLeader = StatsLeader(
        tally: metrics.history, redis: redis, stats: StatsStore(pool: postgres), alerts: AlertStore(pool: postgres),
        stream: stream, settings: configuration.alerts, keyPrefix: configuration.keyPrefix,
        owner: configuration.workerName, logger: logger)
    let applier = TrelloActionApplier(
        actions: TrelloActionStore(pool: postgres), interval: configuration.trelloActionInterval, logger: logger)
    // A session of its own: the addresses callbacks pin stay out of the Trello connections' DNS cache.
    let callbackSession = try HTTPSession(
        configuration: .init(
            maxConnections: CallbackCourier.batchSize, maxConnectionsPerHost: 4,
            connectTimeout: min(.seconds(5), configuration.callbacks.timeout), timeout: configuration.callbacks.timeout,
            followsRedirects: false, userAgent: "taskbridge-callbacks"),
        logger: logger)
    let courier = configuration.callbacks.signing.map { signing in
        CallbackCourier(
            deliveries: CallbackDeliveryStore(pool: postgres), session: callbackSession,
            settings: configuration.callbacks, signing: signing, logger: logger)
    }
    let watcher = FleetWatcher(
        fleet: fleet, trello: gateway, boardID: trello.boardID, probeInterval: configuration.probeInterval, logger: logger)

    var groupConfiguration = ServiceGroupConfiguration(
        services: operations.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) } + [
            .init(service: postgres),
            .init(service: redis),
            // Closes the stream's reading connection and the HTTP sessions once the dispatcher and the courier have stopped.
            .init(service: ShutdownService {
                await stream.closeReader()
                await session.shutdown()
                await callbackSession.shutdown()
            }),
            // The rate limiters' batching, the environment's gateway's and every stored credential's: stops after
            // everything that sends to Trello.
            .init(service: destinations),
            .init(service: watcher),
            .init(service: relay),
            .init(service: statsLeader),
            .init(service: reconciler),
            .init(service: applier),
        ] + (courier.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? []) + [
            // The dispatcher ending for any reason ends the worker: a worker that does not dispatch must not look alive.
            .init(service: dispatcher, successTerminationBehavior: .gracefullyShutdownGroup),
        ],
        gracefulShutdownSignals: gracefulShutdownSignals,
        logger: logger)
    // In-flight tasks get `shutdownGrace`; the pools then close; past this bound the group is cancelled.
    groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace + .seconds(10)
    return ServiceGroup(configuration: groupConfiguration)
}
