import Foundation
import Logging
import Metrics
import RedisClient
import TaskBridgeCore

/// Whether this worker may call Trello: closed while Trello refuses the credentials. Closing it publishes the
/// pause for the fleet and `/readyz`; a worker that sees another's pause closes its own gate too.
actor FleetGate {
    private let redis: any RedisCommandRunner
    private let key: String
    private let metrics: WorkerMetrics
    private let logger: Logger
    private(set) var state: FleetState = .running

    /// How long a published pause lives unless a paused worker refreshes it; refreshed far more often.
    static let publishedTTL: Duration = .seconds(60)

    init(redis: any RedisCommandRunner, key: String, metrics: WorkerMetrics, logger: Logger) {
        self.redis = redis
        self.key = key
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether dispatching is paused here.
    var isPaused: Bool { state.isPaused }

    /// Pauses this worker for `reason`, and the fleet by publishing it; the first pause is logged at once.
    func pause(reason: String) async {
        if !state.isPaused {
            state = .paused(reason: reason, since: Date())
            metrics.paused.record(1)
            logger.error("Dispatching paused: Trello refused the credentials", metadata: ["reason": "\(reason)"])
        }
        await publish()
    }

    /// Follows a pause another worker published, without publishing it again.
    func follow(_ published: FleetState) {
        guard published.isPaused, !state.isPaused else { return }
        state = published
        metrics.paused.record(1)
        logger.error(
            "Dispatching paused: another worker found Trello refusing the credentials",
            metadata: ["reason": "\(published.reason ?? "")"])
    }

    /// Resumes this worker and the fleet (the credentials work again).
    func resume() async {
        guard state.isPaused else { return }
        state = .running
        metrics.paused.record(0)
        logger.notice("Dispatching resumed: Trello accepts the credentials again")
        do {
            try await FleetState.running.publish(to: redis, key: key, ttl: Self.publishedTTL)
        } catch {
            logger.warning("Could not clear the fleet's pause in Redis", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes (or refreshes) this worker's pause in Redis.
    func publish() async {
        guard state.isPaused else { return }
        do {
            try await state.publish(to: redis, key: key, ttl: Self.publishedTTL)
        } catch {
            logger.warning("Could not publish the fleet's pause in Redis", metadata: ["error": "\(error)"])
        }
    }

    /// The state other workers published, or nil when Redis cannot be read.
    func published() async -> FleetState? {
        try? await FleetState.read(from: redis, key: key)
    }
}
