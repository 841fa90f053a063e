import CurlClient
import Foundation
import Logging
import PostgresClient
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime

/// One reconcile pass for the admin CLI (`taskbridge reconcile`), as a worker would run it: the same boards (the
/// environment's, then each route's, through its stored credential) and settings (`configuration`, read like the
/// worker's), Trello requests through the fleet's rate limiter and within the reconciler's budget share, and the
/// reconciler's lock, so it never runs while a worker's pass does. The report adds up every board's.
///
/// `window` overrides `RECONCILE_WINDOW`; `dryRun` changes nothing (and does not count as the fleet's pass). While
/// another pass holds the lock it waits up to `lockWait`, telling `waiting` once, then throws `ReconcilerBusy`.
/// Each difference's line goes to `step` as the pass handles it.
public func runReconcilePass(
    configuration: WorkerConfiguration,
    window: Duration? = nil,
    dryRun: Bool,
    lockWait: Duration = .seconds(120),
    logger: Logger,
    waiting: (String) -> Void = { _ in },
    step: @escaping @Sendable (String) -> Void = { _ in }
) async throws -> ReconcileReport {
    let postgres = try ServerPools.postgres(
        url: configuration.databaseURL, connections: 2, timeouts: configuration.databaseTimeouts, logger: logger)
    let redis: RedisPool
    do {
        redis = try ServerPools.redis(
            url: configuration.redisURL, connections: 2, commandTimeout: .seconds(3), logger: logger)
    } catch {
        await postgres.shutdown()
        throw error
    }
    let session: HTTPSession
    do {
        session = try HTTPSession(
            configuration: .init(maxConnections: 2, timeout: configuration.requestTimeout, userAgent: "taskbridge"),
            logger: logger)
    } catch {
        await redis.shutdown()
        await postgres.shutdown()
        throw error
    }
    let metrics = WorkerMetrics()
    let gateway = TrelloGateway.fleet(
        configuration: configuration, redis: redis, session: session, fleet: nil, metrics: metrics, logger: logger)
    let store = TaskStore(pool: postgres)
    let pass = ReconcilePass(
        configuration: configuration, store: store, redis: redis, trello: gateway, metrics: metrics.reconcile,
        logger: logger)
    let destinations = CardDestinations.fleet(
        configuration: configuration, environment: gateway, credentials: CredentialStore(pool: postgres), redis: redis,
        session: session, metrics: metrics, logger: logger)
    let boards = ReconcileBoards.fleet(
        configuration: configuration, store: store, redis: redis, destinations: destinations,
        metrics: metrics.reconcile, logger: logger)
    let lock = ReconcileLock(redis: redis, keyPrefix: configuration.keyPrefix)
    let owner = "taskbridge-cli-\(WorkerConfiguration.defaultWorkerName())"
    let result: Result<ReconcileReport, any Error>
    do {
        try await acquire(lock, owner: owner, within: lockWait, waiting: waiting)
        do {
            let window = window ?? configuration.reconcile.window
            let recreate = configuration.reconcile.recreate
            let report = try await destinations.serving {
                try await lock.whileHeld(by: owner) {
                    var report = try await pass.run(
                        window: window, recreate: recreate, dryRun: dryRun,
                        beforeEachRequest: { try await lock.renew(owner: owner) }, onStep: step)
                    for boardPass in try await boards.passes(window: window) {
                        report.add(try await boardPass.run(
                            window: window, recreate: recreate, dryRun: dryRun,
                            beforeEachRequest: { try await lock.renew(owner: owner) }, onStep: step))
                    }
                    return report
                }
            }
            result = .success(report)
        } catch {
            result = .failure(error)
        }
        try? await lock.release(owner: owner, recordFinish: !dryRun)
    } catch {
        await shutdown(postgres, redis, session)
        throw error
    }
    await shutdown(postgres, redis, session)
    return try result.get()
}

/// Takes the reconciler's lock, waiting while another pass holds it, up to `within`.
private func acquire(_ lock: ReconcileLock, owner: String, within limit: Duration, waiting: (String) -> Void)
    async throws
{
    let deadline = ContinuousClock.now + limit
    var told = false
    while true {
        switch try await lock.acquire(owner: owner, dueAfter: nil) {
        case .acquired:
            return
        case .notDue:
            // Not asked for (no interval given); waited out like a held lock, should Redis ever say it.
            try await Task.sleep(for: .milliseconds(250))
        case .held(let holder, _):
            guard ContinuousClock.now < deadline else { throw ReconcilerBusy(holder: holder, waited: limit) }
            if !told {
                waiting("waiting for the reconcile pass \(holder) is running (up to \(DurationText.format(limit)))")
                told = true
            }
            try await Task.sleep(for: min(.milliseconds(250), deadline - .now))
        }
    }
}

private func shutdown(_ postgres: PostgresPool, _ redis: RedisPool, _ session: HTTPSession) async {
    await session.shutdown()
    await redis.shutdown()
    await postgres.shutdown()
}
