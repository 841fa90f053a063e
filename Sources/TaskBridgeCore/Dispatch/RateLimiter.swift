import RedisClient

/// The fleet's one request budget for Trello, kept in a `RateLimitStore` (Redis, for the fleet) so every worker
/// spends from the same purse.
///
/// It is a GCRA scheduler: each grant reserves the next free slot on the store's own clock, spaced so that no
/// sliding window of `window` ever holds more than the limit, for the token and for the key at once. A caller
/// gets the time to wait for its slot in one round trip and never polls. A 429 pushes every worker's next slot
/// back (`pushBack`).
public struct RateLimiter: Sendable {
    /// Added to the window when spacing slots, so jitter between a grant and its arrival at Trello (scheduling,
    /// network) cannot squeeze one request too many into a window: 1% of Trello's 10 s window.
    public static let defaultSafetyMargin: Duration = .milliseconds(100)

    /// Time between two slots under the token's limit.
    public let tokenInterval: Duration
    /// Time between two slots under the key's limit.
    public let keyInterval: Duration
    private let store: any RateLimitStore

    /// A limiter whose schedule, one slot time for the token and one for the key, lives in `store`.
    public init(store: any RateLimitStore, limits: TrelloRateLimits, safetyMargin: Duration = defaultSafetyMargin) {
        self.store = store
        self.tokenInterval = (limits.window + safetyMargin) / max(limits.tokenLimit, 1)
        self.keyInterval = (limits.window + safetyMargin) / max(limits.keyLimit, 1)
    }

    /// A limiter for one API key and token, whose schedules live under `<keyPrefix>:{ratelimit:<key>}:` in Redis,
    /// named by the credentials' fingerprints (see `fingerprint(of:)`). The braces are a Redis Cluster hash tag:
    /// the one script that reads both schedules finds them in the same slot.
    public init(
        redis: any RedisCommandRunner,
        limits: TrelloRateLimits,
        keyFingerprint: String,
        tokenFingerprint: String,
        keyPrefix: String = "taskbridge",
        safetyMargin: Duration = defaultSafetyMargin
    ) {
        let store = RedisRateLimitStore(
            redis: redis,
            keys: [
                "\(keyPrefix):{ratelimit:\(keyFingerprint)}:token:\(tokenFingerprint)",
                "\(keyPrefix):{ratelimit:\(keyFingerprint)}:key",
            ])
        self.init(store: store, limits: limits, safetyMargin: safetyMargin)
    }

    /// Reserves `count` consecutive slots and returns, for each, how long to wait before sending its request.
    public func reserve(count: Int = 1) async throws -> [Duration] {
        guard count > 0 else { return [] }
        let (wait, spacing) = try await store.reserve(count: count, intervals: [tokenInterval, keyInterval])
        return (0..<count).map { wait + spacing * $0 }
    }

    /// Moves every worker's next slot to at least `delay` from now, e.g. after Trello answered 429.
    public func pushBack(by delay: Duration) async throws {
        try await store.pushBack(by: max(delay, .zero))
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
}
