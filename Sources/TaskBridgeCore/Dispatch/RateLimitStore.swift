/// Where the fleet's rate-limit schedule is kept: for each limit, the theoretical arrival time (GCRA's TAT) of its
/// next free slot, on the store's own clock. `RedisRateLimitStore` shares it with the fleet through one Lua script;
/// `MemoryRateLimitStore` does the same arithmetic in Swift for one process and for unit tests.
public protocol RateLimitStore: Sendable {
    /// Reserves `count` (at least one) consecutive slots under every limit at once: the first at the later of now
    /// and every limit's next free slot, the rest spaced by the largest of `intervals` (one per limit). Each
    /// limit's next free slot moves to its own interval past the last one reserved. With a `limit`, reserves them
    /// only if the first comes within `limit` from now, and otherwise nothing, so a caller that will not wait that
    /// long never spends a slot. Returns how long until the first slot (reserved or not), the spacing, and whether
    /// the slots were reserved.
    func reserve(count: Int, intervals: [Duration], within limit: Duration?) async throws
        -> (wait: Duration, spacing: Duration, reserved: Bool)

    /// Moves every limit's next free slot to at least `delay` from now; never earlier than it was.
    func pushBack(by delay: Duration) async throws
}

extension RateLimitStore {
    /// Reserves `count` consecutive slots however long the wait: how long until the first, and the spacing.
    public func reserve(count: Int, intervals: [Duration]) async throws -> (wait: Duration, spacing: Duration) {
        let slots = try await reserve(count: count, intervals: intervals, within: nil)
        return (slots.wait, slots.spacing)
    }

    /// Reserves one slot only if it comes within `limit` from now: how long until it, reserved or not.
    public func reserve(intervals: [Duration], within limit: Duration) async throws -> (wait: Duration, reserved: Bool) {
        let slot = try await reserve(count: 1, intervals: intervals, within: limit)
        return (slot.wait, slot.reserved)
    }
}
