import Foundation
import PostgresClient
import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing
import TestSupport

/// History and alerts end to end, with the windows shortened (1 s buckets, a 4 s window, a 20 s baseline):
/// steady traffic, then a burst of cards Trello refuses with a 400, raise exactly one alert, which resolves once
/// the burst is over.
@Suite(.timeLimit(.minutes(3))) struct AlertTests {
    static func shortened(_ configuration: inout WorkerConfiguration) {
        configuration.alerts.bucketSeconds = 1
        configuration.alerts.window = 4
        configuration.alerts.baseline = 20
        configuration.alerts.minEvents = 5
        // Lag is left out here: on a loaded machine a card's lag may triple for a few seconds on its own.
        configuration.alerts.figures = [.failed, .trello429]
    }

    @Test func aBurstOfRefusedCardsRaisesOneAlertThatResolves() async throws {
        try await WorkerWorld.with { world in
            let store = TaskStore(pool: world.postgres)
            try await world.withWorkers(1, Self.shortened) {
                // Steady traffic for the baseline: a good task every 250 ms, all carded.
                var good: [UUID] = []
                let calmUntil = ContinuousClock.now + .seconds(22)
                while ContinuousClock.now < calmUntil {
                    good.append(try await world.submit(#"{"type":"bug","description":"steady"}"#))
                    try await Task.sleep(for: .milliseconds(250))
                }
                try await eventually("the steady tasks are done") { try await world.count(.done) == good.count }
                #expect(try await Self.alerts(world).isEmpty)

                // The burst: 8 tasks whose names Trello refuses (400), stored directly since the API would refuse
                // them too, and delivered by the relay.
                let refused = (0..<8).map { _ in
                    TaskSubmission(task: NewTask(
                        type: "issue", title: String(repeating: "x", count: 20_000), description: "too long"))
                }
                _ = try await store.insert(refused, enqueued: false)
                try await eventually("the burst failed") { try await world.count(.failed) == refused.count }
                try await eventually("an alert is raised", timeout: .seconds(30)) { try await !Self.alerts(world).isEmpty }

                // Calm again: the alert resolves after a window below 1.5× its baseline.
                try await eventually("the alert resolves", timeout: .seconds(40)) {
                    try await Self.alerts(world).allSatisfy { $0.resolvedAt != nil }
                }
            }
            let alerts = try await Self.alerts(world)
            #expect(alerts.count == 1, "\(alerts)")
            let alert = try #require(alerts.first)
            #expect(alert.figure == "failed")
            // The burst may straddle the window's start on a loaded machine, so a failure or two can land in the
            // baseline; what raised it is the jump.
            #expect(alert.windowRate > 3 * alert.baselineRate)
            #expect(alert.detail.contains("failed averaged"))

            // The history kept the minute-by-minute (here second-by-second) counts it was raised on.
            let failed = try await StatsStore(pool: world.postgres).values(of: .failed, from: 0)
            #expect(failed.values.reduce(0, +) == 8)
            let carded = try await StatsStore(pool: world.postgres).values(of: .carded, from: 0)
            #expect(carded.values.reduce(0, +) >= 1)
            let workers = try await StatsStore(pool: world.postgres).values(of: .workers, from: 0)
            #expect(workers.values.max() == 1)
        }
    }

    @Test func aLeaderThatCatchesUpOnSeveralBucketsJudgesEveryWindowItMissed() async throws {
        try await WorkerWorld.with { world in
            var configuration = world.workerConfiguration()
            Self.shortened(&configuration)
            let stats = StatsStore(pool: world.postgres)
            // Quiet seconds, then six failures in one second, then ten more quiet seconds: a leader that stalled
            // through them persists them all in one pass, and the burst is no longer in its last window.
            let burst = Int(Date().timeIntervalSince1970) - 20
            for bucket in (burst - 24)...(burst + 10) {
                let failed = bucket == burst ? 6.0 : 0
                try await stats.persist(bucket: bucket, points: [
                    StatsPoint(figure: .failed, type: "issue", value: failed),
                    StatsPoint(figure: .carded, type: "issue", value: 4),
                ])
            }
            let leader = StatsLeader(
                tally: StatsTally(bucketSeconds: 1), redis: world.redis, stats: stats,
                alerts: AlertStore(pool: world.postgres),
                stream: DispatchStream(redis: world.redis, name: "\(world.keyPrefix):dispatch"),
                settings: configuration.alerts, keyPrefix: world.keyPrefix, owner: "leader-test", logger: world.logger)
            try await leader.applyRules(from: burst - 2, through: burst + 10)
            let alerts = try await Self.alerts(world)
            #expect(alerts.map(\.figure) == ["failed"], "\(alerts)")
            // Raised as of the bucket whose window held the burst, and resolved once the calm windows followed.
            #expect(alerts.first?.resolvedAt != nil)
        }
    }

    private static func alerts(_ world: WorkerWorld) async throws -> [AlertRecord] {
        try await AlertStore(pool: world.postgres).recent(limit: 10)
    }
}
