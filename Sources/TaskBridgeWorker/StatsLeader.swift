import Foundation
import Logging
import RedisClient
import ServiceLifecycle
import TaskBridgeCore

/// Adds this worker's counts to the history in Redis every second and, on the one worker of the fleet that holds
/// the stats lock (like the relay's), persists each finished bucket into PostgreSQL with the queue's depth and the
/// workers seen, applies the alert rules to it, and drops buckets past the retention.
struct StatsLeader: Service {
    let tally: StatsTally
    let redis: any RedisCommandRunner
    let stats: StatsStore
    let alerts: AlertStore
    let stream: any WorkerStream
    let settings: AlertSettings
    let keyPrefix: String
    let owner: String
    let logger: Logger

    /// How often counts are flushed and the leader looks for a finished bucket.
    static let interval: Duration = .seconds(1)
    /// How long after a bucket ends the leader waits for the fleet's last flushes of it.
    static let grace = 2
    /// The most buckets one pass catches up on: a fleet that was down longer has a gap, not a stall.
    static let maximumCatchUp = 120

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await runPass(logger: logger, failure: "History pass failed; trying again") {
                try await tally.flush(to: redis, keyPrefix: keyPrefix)
                try await pass(now: Date())
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
        // A flush cut short put its counts back: they go now, or are lost with a Redis that does not answer.
        try? await tally.flush(to: redis, keyPrefix: keyPrefix)
    }

    /// Persists the buckets finished since the last one persisted, if this worker leads, then applies the rules.
    func pass(now: Date) async throws {
        let leads = try await redis.evalSHA(
            Relay.leadScript, keys: ["\(keyPrefix):stats:leader"],
            arguments: [RedisArgument(owner), RedisArgument(Int((Self.interval * 3).components.seconds * 1000))])
        guard leads.int == 1 else { return }
        let size = tally.bucketSeconds
        let lastFinished = tally.bucketStart(of: now.addingTimeInterval(-Double(size + Self.grace)))
        let after = try await stats.lastPersistedBucket() ?? (lastFinished - size)
        let first = max(after + size, lastFinished - (Self.maximumCatchUp - 1) * size)
        guard first <= lastFinished else { return }
        let depth = try await stream.depth()
        let queued = Double((depth?.undelivered ?? 0) + (depth?.pending ?? 0))
        for bucket in stride(from: first, through: lastFinished, by: size) {
            let reply = try await redis.send(["HGETALL", StatsFields.key(keyPrefix: keyPrefix, bucket: bucket)])
            var hash: [(field: String, value: Int)] = []
            let elements = reply.array ?? []
            for index in stride(from: 0, to: elements.count - 1, by: 2) {
                if let field = elements[index].string, let value = elements[index + 1].int { hash.append((field, value)) }
            }
            let points = StatsFields.points(of: hash) + [StatsPoint(figure: .queueDepth, type: "", value: queued)]
            try await stats.persist(bucket: bucket, points: points)
        }
        try await applyRules(from: first, through: lastFinished)
        try await stats.prune()
    }

    /// Raises or resolves alerts as of each bucket from `firstBucket` through `lastBucket`, in order: a pass that
    /// caught up on several buckets (a stalled or loaded leader) still judges every window, not only the last, so a
    /// burst shorter than the window is never skipped. A raise is logged as an error, a resolution as a notice.
    func applyRules(from firstBucket: Int, through lastBucket: Int) async throws {
        let size = tally.bucketSeconds
        var open = try await alerts.open()
        for rule in settings.rules {
            let from = firstBucket - rule.window - rule.baseline
            let values = try await stats.values(of: rule.figure.figure, from: from)
            let events = rule.figure.events == rule.figure.figure
                ? values : try await stats.values(of: rule.figure.events, from: from)
            let name = rule.figure.rawValue
            for bucket in stride(from: firstBucket, through: lastBucket, by: size) {
                switch rule.evaluate(
                    values: values, events: events, lastBucket: bucket, bucketSeconds: size, open: open[name])
                {
                case .none:
                    break
                case .raise(let windowRate, let baselineRate):
                    let detail = "\(name) averaged \(Self.format(windowRate)) per minute over the last \(rule.window) s, "
                        + "above \(Self.format(rule.factor))× its \(Self.format(baselineRate)) over the \(rule.baseline) s before"
                    let raised = try await alerts.raise(
                        figure: name, raisedAt: bucket + size, windowRate: windowRate, baselineRate: baselineRate,
                        detail: detail)
                    if raised {
                        logger.error("Alert raised", metadata: ["alert.figure": "\(name)", "alert.detail": "\(detail)"])
                    }
                    open[name] = (baselineRate, bucket + size)
                case .resolve:
                    if try await alerts.resolve(figure: name) {
                        logger.notice("Alert resolved", metadata: ["alert.figure": "\(name)"])
                    }
                    open[name] = nil
                }
            }
        }
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
