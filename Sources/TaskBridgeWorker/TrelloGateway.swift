import Logging
import Metrics
import ServiceLifecycle
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

/// The one way the bridge calls Trello: every request waits for its slot in the fleet's rate limiter, is timed,
/// and feeds back what Trello said: a 429 pushes the whole fleet back, `x-rate-limit-*` headers showing the
/// budget spent slow it down, and refused credentials close the fleet's gate.
///
/// A gateway with a limiter batches its slot reservations: it is a `Service`, which the worker runs after the pools
/// and before everything that sends through it, so that it stops after them.
struct TrelloGateway: Service {
    private let client: any TrelloAPI
    private let limiter: RateLimiter?
    private let reservations: BatchQueue<Void, Duration>?
    private let horizon: SlotHorizon?
    private let limits: TrelloRateLimits
    private let fleet: FleetGate?
    private let retry: RetryPolicy?
    private let retryAfterCap: Duration
    private let metrics: WorkerMetrics
    private let logger: Logger

    /// A gateway; `limiter` nil sends at once (the admin CLI), `retry` retries transient failures in place
    /// (the admin CLI; the worker retries whole tasks instead), `fleet` is closed on refused credentials, and a
    /// `Retry-After` longer than `retryAfterCap` pushes the fleet back only that long.
    init(
        client: any TrelloAPI,
        limiter: RateLimiter?,
        limits: TrelloRateLimits,
        fleet: FleetGate?,
        retry: RetryPolicy?,
        retryAfterCap: Duration,
        metrics: WorkerMetrics,
        logger: Logger
    ) {
        self.client = client
        self.limiter = limiter
        // Concurrent requests share one round trip to the limiter: it hands out consecutive slots.
        self.reservations = limiter.map { limiter in
            BatchQueue(maxBatchSize: 256, maxConcurrentFlushes: 1) { items in
                try await limiter.reserve(count: items.count)
            }
        }
        self.horizon = limiter.map { SlotHorizon(spacing: max($0.tokenInterval, $0.keyInterval)) }
        self.limits = limits
        self.fleet = fleet
        self.retry = retry
        self.retryAfterCap = retryAfterCap
        self.metrics = metrics
        self.logger = logger
    }

    /// Sends one request once its slot comes. With `deadline`, a request that could not finish before it is not
    /// sent (`LeaseTooShort`). Throws `TrelloError` for Trello's refusals and the limiter's errors as they are.
    func perform<Value: Sendable>(
        _ operation: TrelloOperation,
        deadline: ContinuousClock.Instant? = nil,
        _ request: @Sendable (any TrelloAPI) async throws -> TrelloReply<Value>
    ) async throws -> Value {
        var attempt = 1
        while true {
            try await waitForSlot(deadline: deadline)
            let started = ContinuousClock.now
            do {
                let reply = try await request(client)
                metrics.recordLatency(operation, .now - started)
                metrics.countTrelloRequest(status: 200)
                await heed(reply.rateLimit)
                return reply.value
            } catch let error as TrelloError {
                metrics.recordLatency(operation, .now - started)
                metrics.countError(kind: error.kind.rawValue)
                metrics.countTrelloRequest(status: error.status)
                await heed(error)
                // A cancelled caller (a sibling request failed, shutdown) shows up as a transient error: never retry it.
                guard let retry, error.kind == .transient, !Task.isCancelled,
                    !retry.shouldGiveUp(afterAttempts: attempt)
                else {
                    throw error
                }
                let delay = retry.delay(afterAttempt: attempt, retryAfter: error.retryAfter)
                logger.warning(
                    "Trello failed for now; trying again",
                    metadata: ["trello.operation": "\(operation.name)", "error": "\(error)", "retry.in": "\(delay)"])
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// Runs the batching of slot reservations until graceful shutdown; returns at once without a limiter.
    func run() async {
        await reservations?.run()
    }

    /// Runs `body` with the batching of slot reservations running around it, for a process without a service group
    /// (the admin CLI); what `body` reserved is granted before this returns.
    func serving<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        guard let reservations else { return try await body() }
        return try await reservations.serving(body)
    }

    /// How many more requests could get their slot within `horizon` from now, as far as this worker knows the
    /// fleet's schedule; `Int.max` without a limiter.
    func requestsFitting(within horizon: Duration) -> Int {
        self.horizon?.requestsFitting(within: horizon) ?? .max
    }

    /// Waits for the request's slot; throws `LeaseTooShort` at once, without waiting, when the request could not
    /// finish before `deadline`.
    private func waitForSlot(deadline: ContinuousClock.Instant?) async throws {
        let requested = ContinuousClock.now
        let wait = try await reservations?.submit(()) ?? .zero
        horizon?.granted(at: requested + wait)
        if let deadline, requested + wait + client.requestTimeout > deadline {
            throw LeaseTooShort()
        }
        guard wait > .zero else { return }
        metrics.rateLimitWait.record(duration: wait)
        try await Task.sleep(for: wait)
        // A sleep can overrun on a busy machine; the lease is what must not.
        if let deadline, ContinuousClock.now + client.requestTimeout > deadline {
            throw LeaseTooShort()
        }
    }

    /// Slows the fleet down when Trello says this window's budget is spent: someone else shares the token.
    private func heed(_ rateLimit: TrelloRateLimit?) async {
        guard let limiter, let rateLimit else { return }
        let spent = [rateLimit.token, rateLimit.key].compactMap { $0 }.filter { $0.remaining == 0 }
        guard let window = spent.first else { return }
        await pushBack(limiter, by: window.interval / max(window.maximum, 1))
    }

    private func heed(_ error: TrelloError) async {
        if error.isRateLimited, let limiter {
            // Without Retry-After, wait out the window: Trello answers every request of a key with 429 for the
            // rest of the window once it has refused 200.
            await pushBack(limiter, by: error.retryAfter.map { min($0, retryAfterCap) } ?? limits.window)
        }
        if error.kind == .credentials, let fleet {
            await fleet.pause(reason: "Trello refused the credentials: \(error.status.map(String.init) ?? "") \(error.message)")
        }
    }

    private func pushBack(_ limiter: RateLimiter, by delay: Duration) async {
        do {
            try await limiter.pushBack(by: delay)
        } catch {
            logger.warning("Could not push the fleet's rate limiter back", metadata: ["error": "\(error)"])
        }
    }
}
