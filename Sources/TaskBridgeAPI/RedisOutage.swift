import Logging
import Synchronization

/// Remembers that Redis just failed, so that for a short while new work skips it instead of each request waiting
/// for it to fail again, and logs each outage once, not once per batch.
final class RedisOutage: Sendable {
    private let retryDelay: Duration
    private let logger: Logger
    /// While Redis is considered down: when to try it again.
    private let downUntil = Mutex<ContinuousClock.Instant?>(nil)

    /// Tracks outages, trying Redis again `retryDelay` after a failure.
    init(retryDelay: Duration, logger: Logger) {
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Whether Redis should be tried now: no failure, or the last one is `retryDelay` old.
    var shouldTry: Bool {
        downUntil.withLock { until in
            guard let until else { return true }
            return ContinuousClock.now >= until
        }
    }

    /// Records a success, ending an outage.
    func succeeded() {
        let wasDown = downUntil.withLock { until in
            defer { until = nil }
            return until != nil
        }
        if wasDown {
            logger.notice("Redis is back: new tasks go on the dispatch stream again")
        }
    }

    /// Records a failure, starting or extending an outage.
    func failed(_ error: any Error) {
        let wasUp = downUntil.withLock { until in
            defer { until = ContinuousClock.now + retryDelay }
            return until == nil
        }
        if wasUp {
            logger.warning(
                "Redis is unreachable: tasks are stored and left to the relay until it is back",
                metadata: ["error": "\(error)"])
        }
    }
}
