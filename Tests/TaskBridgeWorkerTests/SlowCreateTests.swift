import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport

/// Trello acting on a create after the worker stopped waiting for it, the case issue 11 measured: the latency set
/// above the client timeout, then reset shortly after, so the retry comes quickly. Before the settle window,
/// four of five such tasks ended with two cards.
@Suite(.timeLimit(.minutes(3))) struct SlowCreateTests {
    /// The workers' client timeout (`TRELLO_TIMEOUT_MS`): short, so a slow create is quick to make.
    static let timeout = Duration.seconds(1)
    /// How long after it was sent Trello may still act on a create (`TRELLO_SETTLE_MS`): above this test's
    /// latency, so every late create lands inside the window and no reconciler is needed.
    static let settle = Duration.seconds(3)

    /// The worker's settings: the timeout and settle window above, a lease well above both.
    @Sendable static func configure(_ configuration: inout WorkerConfiguration) {
        configuration.requestTimeout = timeout
        configuration.settleTime = settle
        configuration.worker = WorkerSettings(concurrency: 16, lease: .seconds(10))
    }

    @Test func createsLandingASecondAfterTheClientTimedOutMakeOneCardEach() async throws {
        try await WorkerWorld.with { world in
            let latency = Self.timeout + .seconds(1)
            try await world.delayCreates(by: latency)
            let ids = try await submitMixed(10, to: world)
            try await WorkerFleet.with(world, size: 1, configure: Self.configure) { fleet in
                let landed = try await world.restoreCreates(after: ids, latency: latency)
                try await eventually("every task is done") {
                    try await fleet.checkRunning()
                    return try await world.finished(ids).done == ids.count
                }
                // A late create may land after its task is done: the cards are counted once none can still land.
                try await Task.sleep(until: landed)
            }
            #expect(try await world.timedOut(ids) == ids.count, "each task's first create timed out at the client")
            try await BoardTally.read(world, tasks: ids).expectOneCardEach(ids, openOnly: false)
        }
    }
}
