import RedisClient
import TaskBridgeCore

/// Spaces the reconciler's Trello requests so that, fleet-wide and CLI included, it spends at most its share of the
/// token's budget (`RECONCILE_BUDGET_SHARE`): a schedule of its own in Redis, like the fleet's limiter, whose
/// window is the budget's window divided by the share. With Trello's 100 requests per 10 s and a share of 0.02,
/// that is one request every 5 s. Each request then also waits for its slot in the fleet's limiter, which every
/// worker shares, so together they never exceed Trello's limits.
struct ReconcilePacer: Sendable {
    private let limiter: RateLimiter
    /// The time between two of the reconciler's requests.
    let spacing: Duration

    /// A pacer for the credentials' budget `limits`, under `{keyPrefix}:reconcile:` in Redis.
    init(
        redis: any RedisCommandRunner, limits: TrelloRateLimits, share: Double, keyFingerprint: String,
        tokenFingerprint: String, keyPrefix: String
    ) {
        let share = min(max(share, 0.000_1), 1)
        limiter = RateLimiter(
            redis: redis,
            limits: TrelloRateLimits(tokenLimit: limits.tokenLimit, keyLimit: limits.keyLimit, window: limits.window / share),
            keyFingerprint: keyFingerprint, tokenFingerprint: tokenFingerprint, keyPrefix: "\(keyPrefix):reconcile",
            safetyMargin: .zero)
        spacing = max(limiter.tokenInterval, limiter.keyInterval)
    }

    /// Waits for the reconciler's next turn.
    func waitForTurn() async throws {
        let wait = try await limiter.reserve(count: 1).first ?? .zero
        if wait > .zero { try await Task.sleep(for: wait) }
    }
}
