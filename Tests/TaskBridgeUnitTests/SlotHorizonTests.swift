@testable import TaskBridgeWorker
import Testing

/// How many requests the dispatcher may claim for: the slots left before a horizon, after the latest grant seen.
@Suite(.timeLimit(.minutes(1))) struct SlotHorizonTests {
    /// Grants (ms from now) and the slots, 100 ms apart, that then fit within the next second.
    @Test(arguments: [
        ([], 11),  // none granted: slots at 0, 100, …, 1000 ms
        ([600], 5),  // after the latest grant: 600, 700, …, 1000 ms
        ([600, 100], 5),  // an earlier grant never moves the horizon back
        ([5000], 0),  // a grant past the horizon leaves no room
        ([-5000], 11),  // a grant in the past counts from now
    ])
    func theSlotsLeftFollowTheLatestGrant(grantsInMilliseconds: [Int], fitting: Int) {
        let now = ContinuousClock.now
        let horizon = SlotHorizon(spacing: .milliseconds(100))
        for grant in grantsInMilliseconds {
            horizon.granted(at: now + .milliseconds(grant))
        }
        #expect(horizon.requestsFitting(within: .seconds(1), at: now) == fitting)
    }

    @Test func withoutSpacingThereIsNoLimit() {
        #expect(SlotHorizon(spacing: .zero).requestsFitting(within: .seconds(1), at: .now) == .max)
    }
}
