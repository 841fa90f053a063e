import TaskBridgeCore
import Testing

/// How long a create may still land, and what follows for a dead worker's lease.
@Suite(.timeLimit(.minutes(1))) struct SettleWindowTests {
    @Test(arguments: [(1, 30), (10, 30), (15, 30), (20, 40), (60, 120)])
    func theDefaultIsTwiceTheTimeoutAndNeverUnderThirtySeconds(timeoutSeconds: Int, settleSeconds: Int) {
        #expect(SettleWindow.defaultSettle(requestTimeout: .seconds(timeoutSeconds)) == .seconds(settleSeconds))
    }

    @Test func aDeadWorkersCreateMayLandUntilTheWindowLessOneTimeoutPastItsLease() {
        #expect(SettleWindow(settle: .seconds(30), requestTimeout: .seconds(10)).afterLeaseEnd == .seconds(20))
        #expect(SettleWindow(settle: .seconds(2), requestTimeout: .seconds(2)).afterLeaseEnd == .zero)
    }
}
