import RedisClient

/// The fleet's one request budget for Trello, kept in Redis so every worker spends from the same purse.
///
/// It is a GCRA scheduler: each grant reserves the next free slot on Redis's own clock, spaced so that no
/// sliding window of `window` ever holds more than the limit, for the token and for the key at once. A caller
/// gets the time to wait for its slot in one round trip and never polls. A 429 pushes every worker's next slot
/// back (`pushBack`).
public struct RateLimiter: Sendable {
    /// Added to the window when spacing slots, so jitter between a grant and its arrival at Trello (scheduling,
    /// network) cannot squeeze one request too many into a window: 1% of Trello's 10 s window.
    public static let defaultSafetyMargin: Duration = .milliseconds(100)

    /// The Redis key of the token's schedule.
    public let tokenKey: String
    /// The Redis key of the API key's schedule.
    public let apiKeyKey: String
    /// Time between two slots under the token's limit.
    public let tokenInterval: Duration
    /// Time between two slots under the key's limit.
    public let keyInterval: Duration
    private let redis: any RedisCommandRunner

    /// A limiter for one API key and token, whose schedules live under `{keyPrefix}:ratelimit:` in Redis,
    /// named by the credentials' fingerprints (see `fingerprint(of:)`).
    public init(
        redis: any RedisCommandRunner,
        limits: TrelloRateLimits,
        keyFingerprint: String,
        tokenFingerprint: String,
        keyPrefix: String = "taskbridge",
        safetyMargin: Duration = defaultSafetyMargin
    ) {
        self.redis = redis
        self.tokenKey = "\(keyPrefix):ratelimit:token:\(tokenFingerprint)"
        self.apiKeyKey = "\(keyPrefix):ratelimit:key:\(keyFingerprint)"
        self.tokenInterval = (limits.window + safetyMargin) / max(limits.tokenLimit, 1)
        self.keyInterval = (limits.window + safetyMargin) / max(limits.keyLimit, 1)
    }

    /// Reserves `count` consecutive slots and returns, for each, how long to wait before sending its request.
    public func reserve(count: Int = 1) async throws -> [Duration] {
        guard count > 0 else { return [] }
        let reply = try await redis.evalSHA(
            Self.script,
            keys: [tokenKey, apiKeyKey],
            arguments: [
                RedisArgument(count), 0, RedisArgument(Int(tokenInterval.wholeMicroseconds)), RedisArgument(Int(keyInterval.wholeMicroseconds)),
            ]
        )
        guard let parts = reply.array, parts.count == 2, let first = parts[0].int, let spacing = parts[1].int else {
            throw RedisError(.unexpectedReply, "the rate limiter script did not return [wait, spacing]")
        }
        return (0..<count).map { .microseconds(first + $0 * spacing) }
    }

    /// Moves every worker's next slot to at least `delay` from now, e.g. after Trello answered 429.
    public func pushBack(by delay: Duration) async throws {
        _ = try await redis.evalSHA(
            Self.script,
            keys: [tokenKey, apiKeyKey],
            arguments: [0, RedisArgument(Int(max(delay, .zero).wholeMicroseconds)), 0, 0]
        )
    }

    /// A short, stable name for a credential that does not reveal it (64-bit FNV-1a in hex), so Redis keys
    /// never hold a key or token.
    public static func fingerprint(of secret: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in secret.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// KEYS: the token's and the key's theoretical arrival times (TAT), µs on Redis's clock.
    /// ARGV: how many slots to reserve, a push-back in µs, then each key's interval in µs.
    /// Slots start at the later of now and every TAT, and are spaced by the larger interval, so both limits
    /// hold; each TAT moves to one interval past the last slot. A push-back only moves TATs forward.
    /// Returns {wait before the first slot, spacing}, both in µs. Numbers are formatted with %.0f: Lua 5.1's
    /// tostring would round µs timestamps to 14 digits.
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
        return {start - now, spacing}
        """
    )
}
