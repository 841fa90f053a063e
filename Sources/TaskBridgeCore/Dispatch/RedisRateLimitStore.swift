import RedisClient

/// The fleet's rate-limit schedule in Redis: one key per limit holding its next free slot, changed only by one Lua
/// script on Redis's own clock, so every worker spends from the same purse in one round trip.
public struct RedisRateLimitStore: RateLimitStore {
    /// The keys of the limits' schedules, in the order `reserve`'s intervals come in.
    public let keys: [String]
    private let redis: any RedisCommandRunner

    /// A schedule under `keys`, one per limit.
    public init(redis: any RedisCommandRunner, keys: [String]) {
        self.redis = redis
        self.keys = keys
    }

    /// Reserves `count` consecutive slots, within `limit` if given, in one run of the script.
    public func reserve(count: Int, intervals: [Duration], within limit: Duration?) async throws
        -> (wait: Duration, spacing: Duration, reserved: Bool)
    {
        let reply = try await redis.evalSHA(
            Self.script, keys: keys,
            arguments: [RedisArgument(count), 0] + intervals.map { RedisArgument(Int($0.wholeMicroseconds)) }
                + (limit.map { [RedisArgument(Int(max($0, .zero).wholeMicroseconds))] } ?? []))
        guard let parts = reply.array, parts.count == 3, let first = parts[0].int, let spacing = parts[1].int,
              let reserved = parts[2].int
        else {
            throw RedisError(.unexpectedReply, "the rate limiter script did not return [wait, spacing, reserved]")
        }
        return (.microseconds(first), .microseconds(spacing), reserved == 1)
    }

    /// Moves every limit's next free slot to at least `delay` from now.
    public func pushBack(by delay: Duration) async throws {
        _ = try await redis.evalSHA(
            Self.script, keys: keys,
            arguments: [0, RedisArgument(Int(max(delay, .zero).wholeMicroseconds))] + keys.map { _ in 0 })
    }

    /// KEYS: each limit's theoretical arrival time (TAT), µs on Redis's clock.
    /// ARGV: how many slots to reserve, a push-back in µs, each key's interval in µs, then optionally the longest
    /// wait in µs a reservation may have (past it, nothing is reserved).
    /// Slots start at the later of now and every TAT, and are spaced by the larger interval, so both limits
    /// hold; each TAT moves to one interval past the last slot. A push-back only moves TATs forward.
    /// Returns {wait before the first slot, spacing, 1 if reserved else 0}, the first two in µs. Numbers are
    /// formatted with %.0f: Lua 5.1's tostring would round µs timestamps to 14 digits.
    static let script = RedisScript(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local count = tonumber(ARGV[1])
        local push_back = tonumber(ARGV[2])
        local start = now
        local spacing = 0
        for i = 1, #KEYS do
          local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
          if tat > start then start = tat end
          local interval = tonumber(ARGV[2 + i])
          if interval > spacing then spacing = interval end
        end
        local limit = tonumber(ARGV[3 + #KEYS])
        if count > 0 and limit and start - now > limit then return {start - now, spacing, 0} end
        for i = 1, #KEYS do
          local tat
          if count > 0 then
            tat = start + (count - 1) * spacing + tonumber(ARGV[2 + i])
          else
            tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now + push_back)
          end
          if tat > now then
            redis.call('SET', KEYS[i], string.format('%.0f', tat), 'PX', string.format('%.0f', math.ceil((tat - now) / 1000) + 1000))
          end
        end
        return {start - now, spacing, 1}
        """
    )
}
