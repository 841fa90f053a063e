/// When to retry a task after a transient failure: exponential backoff with full jitter, capped, honouring a
/// server's `Retry-After`, and a bound on attempts after which the task fails.
public struct RetryPolicy: Sendable, Hashable {
    /// The default first ceiling: one second, so a blip costs little.
    public static let defaultBase: Duration = .seconds(1)
    /// The default largest ceiling: five minutes, so a long outage is probed a few times an hour at most.
    public static let defaultCap: Duration = .seconds(300)
    /// The default number of attempts, the first included: with the default base and cap, at most 8.5 minutes of
    /// waiting in all (about 4 on average) before a task fails.
    public static let defaultMaxAttempts = 10

    /// The ceiling after the first failed attempt; it doubles after each further one.
    public var base: Duration
    /// The largest ceiling.
    public var cap: Duration
    /// Attempts in all, the first included; after this many the task fails.
    public var maxAttempts: Int

    /// Makes a policy; negative durations count as zero, `maxAttempts` below one as one.
    public init(base: Duration = defaultBase, cap: Duration = defaultCap, maxAttempts: Int = defaultMaxAttempts) {
        self.base = max(base, .zero)
        self.cap = max(cap, .zero)
        self.maxAttempts = max(maxAttempts, 1)
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
    /// `retryAfter` when the server sent one, even above the cap: retrying earlier would only be refused again.
    public func delay<R: RandomNumberGenerator>(
        afterAttempt attempt: Int, retryAfter: Duration? = nil, using rng: inout R
    ) -> Duration {
        let ceiling = Self.nanoseconds(ceiling(afterAttempt: attempt))
        let jittered = Duration.nanoseconds(Int64.random(in: 0...ceiling, using: &rng))
        guard let retryAfter else { return jittered }
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

    /// A non-negative duration in whole nanoseconds, saturating at Int64.max (about 292 years).
    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : max(total, 0)
    }
}
