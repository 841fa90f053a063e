import Logging
import ServiceLifecycle
import TaskBridgeCore

/// The reconciler: about once per `RECONCILE_INTERVAL_MS` across the fleet, whichever worker finds a pass due
/// takes the reconciler's lock and compares the window's tasks with the cards of the environment's board, then of
/// each route's board (`ReconcilePass`, `ReconcileBoards`): it archives
/// duplicate cards, records archived and deleted cards on their tasks, optionally queues a task whose card was
/// deleted for a new one, and reports cards it cannot place. A failed pass logs one warning; the next comes an
/// interval later.
struct Reconciler: Service {
    let pass: ReconcilePass
    /// The routes' boards, each reconciled after the environment's in the same turn.
    let boards: ReconcileBoards
    let lock: ReconcileLock
    let owner: String
    let settings: ReconcileSettings
    /// Closed while Trello refuses the credentials: no pass runs then, as no task is dispatched.
    let fleet: FleetGate?
    let metrics: ReconcileMetrics
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let wait = await turn()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
        }
    }

    /// Runs a pass if one is due and no one else runs one; returns how long to wait before looking again.
    func turn() async -> Duration {
        // A little spread, so the workers that wake for the same due time do not all ask at once.
        let jitter = Duration.milliseconds(Int64.random(in: 0...max(settings.interval.wholeMilliseconds / 20, 1)))
        if await fleet?.isPaused == true { return settings.interval + jitter }
        let attempt: ReconcileLock.Attempt
        do {
            attempt = try await lock.acquire(owner: owner, dueAfter: settings.interval)
        } catch {
            logger.warning("Could not reach the reconciler's lock; trying again", metadata: ["error": "\(error)"])
            return settings.interval + jitter
        }
        switch attempt {
        case .notDue(let dueIn):
            return dueIn + jitter
        case .held:
            // Its end records a finish, and the next pass is due an interval after that.
            return settings.interval + jitter
        case .acquired:
            break
        }

        let (pass, boards, lock, owner, settings) = (pass, boards, lock, owner, settings)
        do {
            try await cancelWhenGracefulShutdown {
                try await lock.whileHeld(by: owner) {
                    try await Self.run(pass, settings: settings, lock: lock, owner: owner)
                    for boardPass in try await boards.passes(window: settings.window) {
                        do {
                            try await Self.run(boardPass, settings: settings, lock: lock, owner: owner)
                        } catch {
                            // One board's trouble (its credential revoked, say) leaves the others to be reconciled.
                            if Task.isCancelled || Task.isShuttingDownGracefully { throw error }
                            boardPass.logger.warning("Reconcile pass over a route's board failed; trying again next interval",
                                                     metadata: ["error": "\(error)"])
                        }
                    }
                }
            }
            metrics.countPass(completed: true)
        } catch {
            metrics.countPass(completed: false)
            if !Task.isShuttingDownGracefully {
                logger.warning("Reconcile pass failed; trying again next interval", metadata: ["error": "\(error)"])
            }
        }
        do {
            try await lock.release(owner: owner, recordFinish: true)
        } catch {
            logger.warning("Could not release the reconciler's lock; it expires on its own", metadata: ["error": "\(error)"])
        }
        return settings.interval + jitter
    }

    /// Runs `pass` under the lock `owner` holds, renewing it before each Trello request, and logs what it found.
    private static func run(_ pass: ReconcilePass, settings: ReconcileSettings, lock: ReconcileLock, owner: String)
        async throws
    {
        let report = try await pass.run(
            window: settings.window, recreate: settings.recreate, dryRun: false,
            beforeEachRequest: { try await lock.renew(owner: owner) })
        pass.logger.log(level: report.lines.isEmpty ? .debug : .info, "Reconcile pass done", metadata: [
            "reconcile.differences": "\(report.lines.count)", "reconcile.cards": "\(report.cardsRead)",
            "reconcile.requests": "\(report.requests)", "reconcile.elapsed": "\(report.elapsed)",
        ])
    }
}
