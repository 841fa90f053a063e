import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello

/// Issue 11's slow creates at scale, against real worker processes: 200 tasks whose creates land 1 s (the first
/// 100) and 30 s (the other 100) after the client timed out. The settle window covers the first group, so its
/// tasks never get a second card. The second group's creates land after the window, when a retry has already made
/// a card: the reconciler archives the extra one. Every task ends with exactly one open card, the one it records.
@Suite(.timeLimit(.minutes(10))) struct SlowCreateLongTests {
    /// The workers' client timeout (`TRELLO_TIMEOUT_MS`): short, so a slow create is quick to make.
    static let timeout = Duration.seconds(1)
    /// `TRELLO_SETTLE_MS`: above the first group's latency (timeout + 1 s), far below the second's (timeout + 30 s).
    static let settle = Duration.seconds(5)
    /// `RECONCILE_INTERVAL_MS`: short, so a duplicate is gone seconds after it appears.
    static let reconcileInterval = Duration.seconds(2)
    /// Tasks in each group.
    static let groupSize = 100

    /// Two workers with room for a whole group's first creates at once, so every one of them is sent while slow.
    @Sendable static func configure(_ configuration: inout WorkerConfiguration) {
        configuration.requestTimeout = timeout
        configuration.settleTime = settle
        configuration.reconcile.interval = reconcileInterval
        configuration.worker = WorkerSettings(concurrency: 64, lease: .seconds(20))
    }

    @Test func createsLandingOneAndThirtySecondsAfterTheClientTimedOutEndWithOneOpenCardEach() async throws {
        try await WorkerWorld.with { world in
            let soon = try await Self.slowGroup(world, landingAfterTimeout: .seconds(1))
            let soonTally = try await BoardTally.read(world, tasks: soon)
            soonTally.expectOneCardEach(soon, openOnly: false)

            let late = try await Self.slowGroup(world, landingAfterTimeout: .seconds(30)) { late, fleet in
                let all = soon + late
                try await eventually("the reconciler leaves one open card per task", timeout: .seconds(120)) {
                    try await fleet.checkRunning()
                    return try await BoardTally.read(world, tasks: all).miscounted(all, openOnly: true).isEmpty
                }
                // And leaves it so: a pass does not archive the card it kept.
                try await Task.sleep(for: Self.reconcileInterval * 3)
            }
            let all = soon + late
            let tally = try await BoardTally.read(world, tasks: all)
            tally.expectOneCardEach(all, openOnly: true)
            let finished = try await world.finished(all)
            #expect(finished.done == all.count && finished.failed == 0, "\(finished)")
            #expect(try await world.timedOut(all) == all.count, "each task's first create timed out at the client")
            // The second group's late creates did land after the settle window, next to a retry's card: what the
            // reconciler is for. The first group's never did: the window covered them.
            let archived = late.reduce(0) { $0 + (tally.cards[$1] ?? []).filter(\.closed).count }
            #expect(archived > 0, "no create landed after the settle window: the test did not test the reconciler")
            print("SlowCreateLongTests: \(archived) of \(late.count) tasks' late cards archived by the reconciler; \(soon.count) tasks with creates inside the settle window kept one card each")
        }
    }

    /// Submits a group of tasks whose creates land `extra` after the client timed out, runs a fleet until they
    /// are done and every late create has landed, then runs `then` with them and the fleet still running; returns the ids.
    private static func slowGroup(
        _ world: WorkerWorld, landingAfterTimeout extra: Duration,
        then: (_ ids: [UUID], WorkerFleet) async throws -> Void = { _, _ in }
    ) async throws -> [UUID] {
        let latency = timeout + extra
        try await world.delayCreates(by: latency)
        let ids = try await submitMixed(groupSize, to: world)
        try await WorkerFleet.with(world, size: 2, configure: configure) { fleet in
            let landed = try await world.restoreCreates(after: ids, latency: latency)
            try await eventually("every task of the group is done", timeout: .seconds(120)) {
                try await fleet.checkRunning()
                return try await world.finished(ids).done == ids.count
            }
            try await Task.sleep(until: landed)
            try await then(ids, fleet)
        }
        return ids
    }
}
