/// The fleet's rate-limit schedule in memory: `RedisRateLimitStore`'s script, step for step, in whole microseconds,
/// on a clock the caller may drive (a unit test moves it by hand).
public actor MemoryRateLimitStore: RateLimitStore {
    /// Each limit's next free slot, in µs on `clock`; 0 for none, as a missing Redis key reads.
    private var arrivals: [Int64]
    private let clock: @Sendable () -> Duration

    /// A schedule for `limits` limits on `clock`, the time since any fixed origin (by default, since it was made).
    public init(limits: Int = 2, clock: (@Sendable () -> Duration)? = nil) {
        arrivals = Array(repeating: 0, count: limits)
        if let clock {
            self.clock = clock
        } else {
            let origin = ContinuousClock.now
            // Starts a second in, so "no slot yet" (0) lies in the past as a missing key does.
            self.clock = { .seconds(1) + (ContinuousClock.now - origin) }
        }
    }

    /// Reserves `count` consecutive slots, within `limit` if given, as the script does.
    public func reserve(count: Int, intervals: [Duration], within limit: Duration?)
        -> (wait: Duration, spacing: Duration, reserved: Bool)
    {
        let now = clock().wholeMicroseconds
        var start = now
        var spacing: Int64 = 0
        for (index, arrival) in arrivals.enumerated() {
            start = max(start, arrival)
            spacing = max(spacing, intervals[index].wholeMicroseconds)
        }
        if let limit, start - now > max(limit, .zero).wholeMicroseconds {
            return (.microseconds(start - now), .microseconds(spacing), false)
        }
        for index in arrivals.indices {
            let arrival = start + Int64(count - 1) * spacing + intervals[index].wholeMicroseconds
            if arrival > now { arrivals[index] = arrival }
        }
        return (.microseconds(start - now), .microseconds(spacing), true)
    }

    /// Moves every limit's next free slot to at least `delay` from now, as the script does.
    public func pushBack(by delay: Duration) {
        let now = clock().wholeMicroseconds
        for index in arrivals.indices {
            let arrival = max(arrivals[index], now + max(delay, .zero).wholeMicroseconds)
            if arrival > now { arrivals[index] = arrival }
        }
    }
}
