import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import Trello

/// Redis behind Sentinel loses its master in the middle of dispatch: the API and the workers follow the promoted
/// replica, and what the old master had not yet replicated (stream entries, acknowledgements) the relay repairs
/// from PostgreSQL, so every task still ends with exactly one card.
@Suite(.timeLimit(.minutes(4)), .enabled(if: RedisSentinelGroup.isInstalled, "redis-sentinel is not installed: run scripts/install-deps (Debian's redis-sentinel)"))
struct SentinelFailoverTests {
    @Test func theMasterKilledDuringDispatchLosesNoTaskAndMakesNoSecondCard() async throws {
        let group = try await RedisSentinelGroup.start()
        do {
            try await WorkerWorld.with(redisURL: group.url) { world in
                let ids = try await submitMixed(300, to: world)
                // The fleet's limiter (in Redis too) holds dispatch to 40 cards a second, so the master dies mid-way.
                let limits = TrelloRateLimits(tokenLimit: 40, keyLimit: 120, window: .seconds(1))
                let doneAtKill = try await world.withWorkers(2, { $0.limits = limits }) {
                    try await eventually("some tasks are done", timeout: .seconds(60)) { try await world.count(.done) >= 40 }
                    let done = try await world.count(.done)
                    await group.kill(serverOn: group.serverPorts[0])
                    try await eventually("every task is done", timeout: .seconds(150)) { try await world.count(.done) == ids.count }
                    return done
                }
                #expect(doneAtKill < ids.count / 2, "the master died after \(doneAtKill) of \(ids.count) tasks were done")
                let footers = try await world.sandbox.cards().compactMap { CardFooter.taskID(in: $0.desc) }
                #expect(footers.count == ids.count, "\(footers.count) cards for \(ids.count) tasks")
                #expect(Set(footers) == Set(ids))
                #expect(try await group.masterPort() == group.serverPorts[1])
            }
        } catch {
            Issue.record(error)
        }
        await group.stop()
    }
}
