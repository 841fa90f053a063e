import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct RetryPolicyTests {
    private let policy = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), maxAttempts: 4)

    @Test func defaultsAreNamed() {
        let defaults = RetryPolicy()
        #expect(defaults.base == RetryPolicy.defaultBase && RetryPolicy.defaultBase == .seconds(1))
        #expect(defaults.cap == RetryPolicy.defaultCap && RetryPolicy.defaultCap == .seconds(300))
        #expect(defaults.maxAttempts == RetryPolicy.defaultMaxAttempts && RetryPolicy.defaultMaxAttempts == 10)
    }

    @Test func ceilingDoublesFromBaseUpToTheCap() {
        #expect(policy.ceiling(afterAttempt: 1) == .milliseconds(100))
        #expect(policy.ceiling(afterAttempt: 2) == .milliseconds(200))
        #expect(policy.ceiling(afterAttempt: 3) == .milliseconds(400))
        #expect(policy.ceiling(afterAttempt: 6) == .milliseconds(3200))
        #expect(policy.ceiling(afterAttempt: 7) == .seconds(5))
        #expect(policy.ceiling(afterAttempt: 10_000) == .seconds(5))
        #expect(policy.ceiling(afterAttempt: .max) == .seconds(5))
        #expect(policy.ceiling(afterAttempt: 0) == .milliseconds(100))
    }

    @Test func delaysStayWithinZeroAndTheCeiling() {
        var rng = SeededGenerator(seed: 11)
        for attempt in 1...12 {
            let ceiling = min(Duration.seconds(5), .milliseconds(100) * (1 << (attempt - 1)))
            for _ in 0..<200 {
                let delay = policy.delay(afterAttempt: attempt, using: &rng)
                #expect(delay >= .zero && delay <= ceiling, "attempt \(attempt): \(delay)")
            }
        }
    }

    @Test func delaysAreFullyJittered() {
        // Full jitter spreads delays over the whole range, not just near the ceiling.
        var rng = SeededGenerator(seed: 12)
        let delays = (0..<400).map { _ in policy.delay(afterAttempt: 7, using: &rng) }
        #expect(delays.contains { $0 < .seconds(1) })
        #expect(delays.contains { $0 > .seconds(4) })
    }

    @Test func delaysRepeatWithTheSameSeed() {
        var first = SeededGenerator(seed: 13)
        var second = SeededGenerator(seed: 13)
        #expect((1...8).map { policy.delay(afterAttempt: $0, using: &first) }
            == (1...8).map { policy.delay(afterAttempt: $0, using: &second) })
    }

    @Test(arguments: [Duration.milliseconds(50), .seconds(2), .seconds(30)])
    func neverRetriesBeforeRetryAfter(retryAfter: Duration) {
        var rng = SeededGenerator(seed: 14)
        for attempt in 1...8 {
            let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, using: &rng)
            #expect(delay >= retryAfter)
            #expect(delay <= max(retryAfter, policy.ceiling(afterAttempt: attempt)))
        }
    }

    @Test func givesUpAfterMaxAttempts() {
        #expect(!policy.shouldGiveUp(afterAttempts: 1))
        #expect(!policy.shouldGiveUp(afterAttempts: 3))
        #expect(policy.shouldGiveUp(afterAttempts: 4))
        #expect(policy.shouldGiveUp(afterAttempts: 5))
    }

    @Test func clampsNonsense() {
        let odd = RetryPolicy(base: .seconds(-1), cap: .seconds(1), maxAttempts: 0)
        #expect(odd.maxAttempts == 1)
        var rng = SeededGenerator(seed: 15)
        #expect(odd.delay(afterAttempt: 3, using: &rng) == .zero)
    }

    @Test func aBaseAboveTheCapIsCapped() {
        let inverted = RetryPolicy(base: .seconds(10), cap: .seconds(1))
        #expect(inverted.ceiling(afterAttempt: 1) == .seconds(1))
    }
}
