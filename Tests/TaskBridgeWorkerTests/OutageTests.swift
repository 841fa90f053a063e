import Foundation
import TaskBridgeCore
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// Trello refusing the credentials, and Redis going away: the fleet waits, nothing fails, nothing is lost.
@Suite(.timeLimit(.minutes(3))) struct OutageTests {
    @Test func refusedCredentialsPauseTheFleetWithNothingFailedAndItResumesWhenFixed() async throws {
        try await WorkerWorld.with { world in
            try await world.sandbox.put("credentials", #"{"token":"rotated-token"}"#)
            let ids = try await submitMixed(12, to: world)
            try await world.withWorkers(2) {
                try await eventually("the fleet publishes its pause") {
                    try await FleetState.read(from: world.redis, key: "\(world.keyPrefix):fleet").isPaused
                }
                let published = try await FleetState.read(from: world.redis, key: "\(world.keyPrefix):fleet")
                #expect(published.reason?.contains("invalid token") == true)
                #expect(published.reason?.contains(Credentials.defaultToken) == false)
                let fleet = (try await world.readiness()["checks"] as? [String: Any])?["fleet"] as? [String: Any]
                #expect(fleet?["state"] as? String == "paused")
                #expect((fleet?["reason"] as? String)?.contains("invalid token") == true)
                // Several probes later, still nothing has failed and no card was made.
                try await eventually("the paused workers keep probing") { try await world.sandbox.count(of: "401") >= 8 }
                #expect(try await world.count(.failed) == 0)
                #expect(try await world.count(.done) == 0)
                #expect(try await world.count(.retrying) == 0)
                #expect(try await world.sandbox.cards().isEmpty)

                try await world.sandbox.put("credentials", #"{"token":"\#(Credentials.defaultToken)"}"#)
                try await eventually("every task is done once the credentials work") { try await world.count(.done) == ids.count }
                try await eventually("the pause is lifted") {
                    try await !FleetState.read(from: world.redis, key: "\(world.keyPrefix):fleet").isPaused
                }
                let resumed = (try await world.readiness()["checks"] as? [String: Any])?["fleet"] as? [String: Any]
                #expect(resumed?["state"] as? String == "running")
            }
            #expect(try await world.count(.failed) == 0)
            try await world.expectOneCardPerTask(ids)
        }
    }

    @Test func tasksAcceptedWhileRedisWasDownAreDeliveredOnceItIsBack() async throws {
        try await WorkerWorld.withPrivateServices(name: "worker-redis-down") { world, services in
            let before = try await submitMixed(3, to: world)
            try await world.withWorkers(2) {
                try await eventually("the first tasks are done") { try await world.count(.done) == before.count }
                try await services.kill(.redis)
                var during: [UUID] = []
                for index in 0..<6 {
                    during.append(try await world.submit(#"{"type":"bug","description":"while Redis is down \#(index)"}"#))
                }
                for id in during {
                    #expect(try await world.task(id).status == .queued)
                }
                try await services.start()
                try await eventually("tasks accepted during the outage are done") {
                    try await world.count(.done) == before.count + during.count
                }
                try await world.expectOneCardPerTask(before + during)
            }
            #expect(try await world.count(.failed) == 0)
        }
    }
}
