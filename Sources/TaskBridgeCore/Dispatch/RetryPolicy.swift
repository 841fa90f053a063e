/// When to retry a task after a transient failure: exponential backoff with full jitter, capped, honouring a
/// server's `Retry-After` up to a cap, and two bounds after which the task fails: a time budget for Trello being
/// unavailable (429, 5xx, timeouts), which is not the task's fault however many attempts it costs, and a count of
/// attempts for any other transient failure.
public struct RetryPolicy: Sendable, Hashable {
    /// The default first ceiling: one second, so a blip costs little.
    public static let defaultBase: Duration = .seconds(1)
    /// The default largest ceiling: five minutes, so a long outage is probed a few times an hour at most.
    public static let defaultCap: Duration = .seconds(300)
    /// The default number of attempts, the first included: with the default base and cap, at most 8.5 minutes of
    /// waiting in all (about 4 on average) before a task fails.
    public static let defaultMaxAttempts = 10
    /// The default time budget for Trello being unavailable: a day, so an outage of hours loses no task.
    public static let defaultMaxElapsed: Duration = .seconds(86_400)
    /// The default longest `Retry-After` honoured: an hour, so a bogus or huge one cannot park a task (or the
    /// fleet's rate limiter) for days.
    public static let defaultRetryAfterCap: Duration = .seconds(3_600)

    /// The ceiling after the first failed attempt; it doubles after each further one.
    public var base: Duration
    /// The largest ceiling.
    public var cap: Duration
    /// Attempts in all, the first included; after this many the task fails.
    public var maxAttempts: Int
    /// How long after a task's first attempt it keeps being retried while Trello is unavailable.
    public var maxElapsed: Duration
    /// The longest `Retry-After` honoured; a longer one counts as this long.
    public var retryAfterCap: Duration

    /// Makes a policy; negative durations count as zero, `maxAttempts` below one as one.
    public init(
        base: Duration = defaultBase, cap: Duration = defaultCap, maxAttempts: Int = defaultMaxAttempts,
        maxElapsed: Duration = defaultMaxElapsed, retryAfterCap: Duration = defaultRetryAfterCap
    ) {
        self.base = max(base, .zero)
        self.cap = max(cap, .zero)
        self.maxAttempts = max(maxAttempts, 1)
        self.maxElapsed = max(maxElapsed, .zero)
        self.retryAfterCap = max(retryAfterCap, .zero)
    }

    /// A server's `Retry-After` as far as it is honoured: at most `retryAfterCap`.
    public func honoured(retryAfter: Duration?) -> Duration? {
        retryAfter.map { min($0, retryAfterCap) }
    }

    /// The largest delay after attempt number `attempt` (1 for the first) failed: min(cap, base × 2^(attempt−1)).
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let baseNanoseconds = Self.nanoseconds(base)
        let capNanoseconds = Self.nanoseconds(cap)
        let doublings = max(attempt, 1) - 1
        // Shifting past the cap would overflow long before the loop of attempts could notice.
        guard baseNanoseconds > 0, doublings < 63, baseNanoseconds <= capNanoseconds >> doublings else {
            return baseNanoseconds == 0 ? .zero : cap
        }
        return .nanoseconds(baseNanoseconds << doublings)
    }

    /// The delay before the next attempt after attempt number `attempt` failed: uniformly random in
    /// [0, ceiling] (full jitter, so a fleet that failed together does not retry together), and never less than
    /// `retryAfter` when the server sent one (up to `retryAfterCap`), even above the cap: retrying earlier would
    /// only be refused again.
    public func delay<R: RandomNumberGenerator>(
        afterAttempt attempt: Int, retryAfter: Duration? = nil, using rng: inout R
    ) -> Duration {
        let ceiling = Self.nanoseconds(ceiling(afterAttempt: attempt))
        let jittered = Duration.nanoseconds(Int64.random(in: 0...ceiling, using: &rng))
        guard let retryAfter = honoured(retryAfter: retryAfter) else { return jittered }
        return max(jittered, retryAfter)
    }

    /// The delay before the next attempt, with the system's random numbers.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration {
        var rng = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, retryAfter: retryAfter, using: &rng)
    }

    /// Whether a task that has made `attempts` attempts, all failed, should fail rather than retry.
    public func shouldGiveUp(afterAttempts attempts: Int) -> Bool {
        attempts >= maxAttempts
    }

    /// What follows a transient failure of attempt number `attempt`, `elapsed` after the task's first attempt.
    /// `unavailable` failures (Trello's outage: 429, 5xx, timeouts, broken connections) are retried for as long as
    /// the next attempt falls within `maxElapsed`, however many attempts that takes; others until `maxAttempts`.
    public func next<R: RandomNumberGenerator>(
        afterAttempt attempt: Int, elapsed: Duration, unavailable: Bool, retryAfter: Duration? = nil,
        using rng: inout R
    ) -> RetryDecision {
        let delay = delay(afterAttempt: attempt, retryAfter: retryAfter, using: &rng)
        if unavailable, elapsed + delay > maxElapsed {
            return .giveUp(reason: "gave up after \(Self.seconds(elapsed)) of Trello failing since the first attempt "
                + "(\(attempt) attempts; RETRY_MAX_ELAPSED_MS allows \(Self.seconds(maxElapsed)))")
        }
        if !unavailable, shouldGiveUp(afterAttempts: attempt) {
            return .giveUp(reason: "gave up after \(attempt) attempts")
        }
        return .retry(after: delay)
    }

    /// What follows a transient failure, with the system's random numbers.
    public func next(afterAttempt attempt: Int, elapsed: Duration, unavailable: Bool, retryAfter: Duration? = nil)
        -> RetryDecision
    {
        var rng = SystemRandomNumberGenerator()
        return next(afterAttempt: attempt, elapsed: elapsed, unavailable: unavailable, retryAfter: retryAfter, using: &rng)
    }

    /// A duration in seconds with one decimal, for messages people read: `86400.0 s`.
    private static func seconds(_ duration: Duration) -> String {
        let tenths = nanoseconds(duration) / 100_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }

    /// A non-negative duration in whole nanoseconds, saturating at Int64.max (about 292 years).
    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : max(total, 0)
    }
}
