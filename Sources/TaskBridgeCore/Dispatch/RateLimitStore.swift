/// Where the fleet's rate-limit schedule is kept: for each limit, the theoretical arrival time (GCRA's TAT) of its
/// next free slot, on the store's own clock. `RedisRateLimitStore` shares it with the fleet through one Lua script;
/// `MemoryRateLimitStore` does the same arithmetic in Swift for one process and for unit tests.
public protocol RateLimitStore: Sendable {
    /// Reserves `count` (at least one) consecutive slots under every limit at once: the first at the later of now
    /// and every limit's next free slot, the rest spaced by the largest of `intervals` (one per limit). Each
    /// limit's next free slot moves to its own interval past the last one reserved. Returns how long until the
    /// first slot, and the spacing.
    func reserve(count: Int, intervals: [Duration]) async throws -> (wait: Duration, spacing: Duration)

    /// Reserves one slot under every limit, as `reserve(count:intervals:)` does, only if it comes within `limit` from
    /// now; otherwise reserves nothing, so a caller that will not wait that long never spends a slot. Returns how
    /// long until the slot, reserved or not.
    func reserve(intervals: [Duration], within limit: Duration) async throws -> (wait: Duration, reserved: Bool)

    /// Moves every limit's next free slot to at least `delay` from now; never earlier than it was.
    func pushBack(by delay: Duration) async throws
}
