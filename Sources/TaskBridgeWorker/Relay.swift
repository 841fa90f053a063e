import Logging
import Metrics
import RedisClient
import ServiceLifecycle
import TaskBridgeCore

/// The outbox relay: one worker of the fleet at a time (a lock with a TTL) puts back on the stream the tasks
/// PostgreSQL says are due but that are not moving: never enqueued (the API's add failed), a retry that came due,
/// a lease that expired, or every unfinished task when Redis lost its data. It also publishes the queue's depth.
struct Relay: Service {
    let store: any DispatchRepository
    let stream: any WorkerStream
    let redis: any RedisCommandRunner
    let keyPrefix: String
    let owner: String
    let interval: Duration
    let lease: Duration
    let metrics: WorkerMetrics
    let logger: Logger

    /// The most tasks one pass re-adds; the next pass, an interval later, takes the next ones.
    static let batchSize = 1000

    /// What one pass re-adds: at most half the stream's trim length, so what it adds is not trimmed at once.
    var batchSize: Int {
        min(Self.batchSize, max((stream.maxLength ?? .max) / 2, 1))
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await runPass(logger: logger, failure: "Relay pass failed; trying again") { try await self.pass() }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One pass, if this worker leads.
    func pass() async throws {
        let lockTTL = max(interval * 3, .seconds(1))
        let leads = try await redis.evalSHA(
            Self.leadScript, keys: ["\(keyPrefix):relay:leader"],
            arguments: [RedisArgument(owner), RedisArgument(Int(lockTTL.wholeMilliseconds))]
        )
        guard leads.int == 1 else { return }

        // A marker only this relay writes: when it is gone, so is everything else Redis held for the bridge.
        let marker = try await redis.send(["SET", "\(keyPrefix):relay:epoch", owner, "NX"])
        if marker.string == "OK" {
            let forgotten = try await store.forgetEnqueued()
            if forgotten > 0 {
                logger.notice("Redis holds none of the bridge's entries: re-adding every unfinished task",
                              metadata: ["count": "\(forgotten)"])
            }
        }

        let depth = try await stream.depth()
        metrics.queueDepth.record((depth?.undelivered ?? 0) + (depth?.pending ?? 0))
        // With nothing undelivered, a due task enqueued long ago has lost its entry; with a backlog, it may just
        // be waiting its turn, and re-adding it would only double the backlog.
        let stuckAfter = depth?.undelivered == 0 ? lease * 2 : nil
        // Unless it was enqueued before the stream's oldest entry: then its entry was trimmed, backlog or not. The
        // lease is the margin for the moment between marking a task and adding it, and for Redis's and
        // PostgreSQL's clocks disagreeing; an entry still in the stream is not added twice.
        let trimmedBefore = try await stream.oldestEntryMilliseconds().map { $0 - lease.wholeMilliseconds }
        let due = try await store.dueForRelay(limit: batchSize, stuckAfter: stuckAfter, enqueuedBefore: trimmedBefore)
        guard !due.isEmpty else { return }
        // Marked before the add: a worker may read, fail and reschedule a task before a mark sent after the add
        // lands, and that late mark would hide the new due time from every later pass.
        let requestIDs = try await store.markEnqueued(due)
        do {
            try await stream.enqueue(due, requestIDs: requestIDs)
        } catch {
            try? await store.markNotEnqueued(due)
            throw error
        }
        logger.info("Relayed tasks that were due but not moving", metadata: ["count": "\(due.count)"])
    }

    /// Takes or keeps the lock: sets it when free, extends it when this worker holds it; 1 when it leads.
    static let leadScript = RedisScript(
        """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """
    )
}
