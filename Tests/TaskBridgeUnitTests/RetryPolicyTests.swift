import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct RetryPolicyTests {
    private let policy = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), maxAttempts: 4)

    @Test func defaultsAreNamed() {
        let defaults = RetryPolicy()
        #expect(defaults.base == RetryPolicy.defaultBase && RetryPolicy.defaultBase == .seconds(1))
        #expect(defaults.cap == RetryPolicy.defaultCap && RetryPolicy.defaultCap == .seconds(300))
        #expect(defaults.maxAttempts == RetryPolicy.defaultMaxAttempts && RetryPolicy.defaultMaxAttempts == 10)
        #expect(defaults.maxElapsed == RetryPolicy.defaultMaxElapsed && RetryPolicy.defaultMaxElapsed == .seconds(86_400))
        #expect(defaults.retryAfterCap == RetryPolicy.defaultRetryAfterCap
            && RetryPolicy.defaultRetryAfterCap == .seconds(3_600))
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

    @Test func aRetryAfterIsHonouredOnlyUpToItsCap() {
        let capped = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), retryAfterCap: .seconds(10))
        var rng = SeededGenerator(seed: 16)
        #expect(capped.delay(afterAttempt: 1, retryAfter: .seconds(86_000), using: &rng) == .seconds(10))
        #expect(capped.delay(afterAttempt: 1, retryAfter: .seconds(8), using: &rng) == .seconds(8))
        #expect(capped.honoured(retryAfter: .seconds(11)) == .seconds(10))
        #expect(capped.honoured(retryAfter: nil) == nil)
    }

    @Test func trelloBeingUnavailableIsRetriedPastMaxAttemptsWithinTheBudget() {
        let budgeted = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), maxAttempts: 4, maxElapsed: .seconds(60))
        var rng = SeededGenerator(seed: 17)
        for attempt in [4, 10, 40, 1_000] {
            let decision = budgeted.next(afterAttempt: attempt, elapsed: .seconds(30), unavailable: true, using: &rng)
            guard case .retry(let delay) = decision else {
                Issue.record("attempt \(attempt): \(decision)")
                continue
            }
            #expect(delay >= .zero && delay <= .seconds(5))
        }
    }

    @Test func trelloBeingUnavailableFailsOnceTheNextAttemptWouldFallPastTheBudget() {
        let budgeted = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), maxAttempts: 4, maxElapsed: .seconds(60))
        var rng = SeededGenerator(seed: 18)
        // A Retry-After of 2 s from 59 s in would start the next attempt at 61 s.
        let late = budgeted.next(
            afterAttempt: 2, elapsed: .seconds(59), unavailable: true, retryAfter: .seconds(2), using: &rng)
        let over = budgeted.next(afterAttempt: 30, elapsed: .milliseconds(61_250), unavailable: true, using: &rng)
        for decision in [late, over] {
            guard case .giveUp(let reason) = decision else {
                Issue.record("expected to give up: \(decision)")
                continue
            }
            #expect(reason.contains("RETRY_MAX_ELAPSED_MS allows 60.0 s"), "\(reason)")
        }
        if case .giveUp(let reason) = over {
            #expect(reason.hasPrefix("gave up after 61.2 s of Trello failing since the first attempt (30 attempts"))
        }
    }

    @Test func otherTransientFailuresStillCountAttempts() {
        let budgeted = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), maxAttempts: 4, maxElapsed: .seconds(60))
        var rng = SeededGenerator(seed: 19)
        #expect(budgeted.next(afterAttempt: 4, elapsed: .seconds(1), unavailable: false, using: &rng)
            == .giveUp(reason: "gave up after 4 attempts"))
        guard case .retry = budgeted.next(afterAttempt: 3, elapsed: .seconds(1), unavailable: false, using: &rng) else {
            Issue.record("the third attempt's failure should be retried")
            return
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
