@testable import TaskBridgeWorker
import Testing

/// How many requests the dispatcher may claim for: the slots left before a horizon, after the latest grant seen.
@Suite(.timeLimit(.minutes(1))) struct SlotHorizonTests {
    private let now = ContinuousClock.now

    @Test func withoutAGrantTheWholeHorizonIsFree() {
        let horizon = SlotHorizon(spacing: .milliseconds(100))
        // Slots at 0, 100, …, 1000 ms.
        #expect(horizon.requestsFitting(within: .seconds(1), at: now) == 11)
    }

    @Test func theSlotsLeftStartAfterTheLatestGrant() {
        let horizon = SlotHorizon(spacing: .milliseconds(100))
        horizon.granted(at: now + .milliseconds(600))
        #expect(horizon.requestsFitting(within: .seconds(1), at: now) == 5)
    }

    @Test func anEarlierGrantNeverMovesTheHorizonBack() {
        let horizon = SlotHorizon(spacing: .milliseconds(100))
        horizon.granted(at: now + .milliseconds(600))
        horizon.granted(at: now + .milliseconds(100))
        #expect(horizon.requestsFitting(within: .seconds(1), at: now) == 5)
    }

    @Test func aGrantPastTheHorizonLeavesNoRoom() {
        let horizon = SlotHorizon(spacing: .milliseconds(100))
        horizon.granted(at: now + .seconds(5))
        #expect(horizon.requestsFitting(within: .seconds(1), at: now) == 0)
    }

    @Test func aGrantInThePastCountsFromNow() {
        let horizon = SlotHorizon(spacing: .milliseconds(100))
        horizon.granted(at: now - .seconds(5))
        #expect(horizon.requestsFitting(within: .seconds(1), at: now) == 11)
    }

    @Test func withoutSpacingThereIsNoLimit() {
        #expect(SlotHorizon(spacing: .zero).requestsFitting(within: .seconds(1), at: now) == .max)
    }
}
