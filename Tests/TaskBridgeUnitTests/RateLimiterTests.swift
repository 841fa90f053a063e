import TaskBridgeCore
import Testing

/// The fleet's GCRA schedule, on the Swift store that mirrors the Redis script, on a clock moved by hand.
@Suite(.timeLimit(.minutes(1))) struct RateLimiterTests {
    private let clock = ManualClock()
    private let limiter: RateLimiter

    /// Trello's limits: 100 per token and 300 per key per 10 s, plus the 100 ms margin: the token's 101 ms apart.
    init() {
        let clock = clock
        limiter = RateLimiter(store: MemoryRateLimitStore(clock: { clock.now }), limits: TrelloRateLimits())
    }

    @Test func slotsAreSpacedByTheTighterLimitWithTheMarginOnTheWindow() {
        #expect(limiter.tokenInterval == .milliseconds(101))
        #expect(limiter.keyInterval == .milliseconds(10_100) / 300)
    }

    @Test func consecutiveSlotsFollowEachOtherAcrossReservations() async throws {
        #expect(try await limiter.reserve(count: 3) == [.zero, .milliseconds(101), .milliseconds(202)])
        #expect(try await limiter.reserve() == [.milliseconds(303)])
        clock.advance(by: .milliseconds(200))
        #expect(try await limiter.reserve() == [.milliseconds(204)])
    }

    @Test func anIdleScheduleGrantsAtOnce() async throws {
        _ = try await limiter.reserve(count: 10)
        clock.advance(by: .seconds(10))
        #expect(try await limiter.reserve(count: 2) == [.zero, .milliseconds(101)])
    }

    @Test func aPushBackMovesTheNextSlotAndNeverEarlier() async throws {
        try await limiter.pushBack(by: .seconds(5))
        #expect(try await limiter.reserve() == [.seconds(5)])
        try await limiter.pushBack(by: .seconds(1))
        #expect(try await limiter.reserve() == [.seconds(5) + .milliseconds(101)])
        try await limiter.pushBack(by: .milliseconds(-5))
        clock.advance(by: .seconds(5))
        #expect(try await limiter.reserve() == [.milliseconds(202)])
    }

    @Test func theKeysLimitSpacesSlotsWhenItIsTheTighterOne() async throws {
        let clock = clock
        let keyBound = RateLimiter(
            store: MemoryRateLimitStore(clock: { clock.now }),
            limits: TrelloRateLimits(tokenLimit: 100, keyLimit: 10, window: .seconds(10)), safetyMargin: .zero)
        #expect(try await keyBound.reserve(count: 2) == [.zero, .seconds(1)])
    }

    @Test func nothingIsReservedForNoRequest() async throws {
        #expect(try await limiter.reserve(count: 0).isEmpty)
        #expect(try await limiter.reserve() == [.zero])
    }

    @Test func aFingerprintIsStableAndRevealsNothing() {
        let fingerprint = RateLimiter.fingerprint(of: "secret-token")
        #expect(fingerprint == RateLimiter.fingerprint(of: "secret-token"))
        #expect(fingerprint.count == 16 && !fingerprint.contains("secret"))
        #expect(fingerprint != RateLimiter.fingerprint(of: "secret-tokem"))
    }
}
