import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import RedisClient
import TaskBridgeAPI
import TaskBridgeCore
import Testing
import TestSupport

/// Servers going away under the API, each test on a private pair of servers.
@Suite(.timeLimit(.minutes(3))) struct OutageTests {
    @Test func tasksAreAcceptedWhileRedisIsDownAndEnqueuedWhenItIsBack() async throws {
        try await PrivateServices.with(name: "api-redis-down") { services in
            try await APIFixture.with(databaseURL: services.databaseURL, redisURL: services.redisURL) { fixture in
                let (during, readiness, after) = try await fixture.withAPI({ $0.enqueueRetryDelay = .milliseconds(50) }) { api in
                    try await services.kill(.redis)
                    let during = try await api.post(#"{"type":"bug","description":"while Redis is down"}"#)
                    let readiness = try await api.send(.get, "/readyz", token: .some(nil))
                    // Its PostgreSQL check has 1 s: on a loaded two-core machine one probe may miss it, so it is
                    // asked again until it says up.
                    try await eventually("/readyz says PostgreSQL is up while Redis is down") {
                        let again = try? await api.send(.get, "/readyz", token: .some(nil))
                        return again?.json(at: "checks", "postgres")?["status"] as? String == "up"
                            && again?.json(at: "checks", "redis")?["status"] as? String == "down"
                    }
                    try await services.start()
                    try await Task.sleep(for: .milliseconds(100))
                    let after = try await api.post(#"{"type":"bug","description":"after Redis is back"}"#)
                    return (during, readiness, after)
                }
                #expect(during.status == .accepted)
                let stored = try #require(try await fixture.storedTask(during.json["id"] as? String ?? ""))
                #expect(stored.status == .queued)
                // NULL tells the workers' relay that this task still has to be put on the stream.
                #expect(stored.enqueuedAt == nil)

                #expect(readiness.status == .serviceUnavailable)
                #expect(readiness.json(at: "checks", "redis")?["status"] as? String == "down", "\(readiness.text)")

                #expect(after.status == .accepted)
                let afterID = try #require(after.json["id"] as? String)
                #expect(try await fixture.streamTaskIDs() == [afterID])
                #expect(try await fixture.storedTask(afterID)?.enqueuedAt != nil)
            }
        }
    }

    @Test func postgresDownIsACleanRetryable503AndTheAPIRecovers() async throws {
        try await PrivateServices.with(name: "api-postgres-down") { services in
            try await APIFixture.with(databaseURL: services.databaseURL, redisURL: services.redisURL) { fixture in
                let (before, down, readiness, list, after) = try await fixture.withAPI { api in
                    let before = try await api.post(#"{"type":"bug","description":"before"}"#)
                    try await services.kill(.postgres)
                    let down = try await api.post(#"{"type":"bug","description":"while PostgreSQL is down"}"#)
                    let readiness = try await api.send(.get, "/readyz", token: .some(nil))
                    // As above, with Redis's check: asked again until it says up.
                    try await eventually("/readyz says Redis is up while PostgreSQL is down") {
                        let again = try? await api.send(.get, "/readyz", token: .some(nil))
                        return again?.json(at: "checks", "redis")?["status"] as? String == "up"
                            && again?.json(at: "checks", "postgres")?["status"] as? String == "down"
                    }
                    let list = try await api.send(.get, "/v1/tasks")
                    try await services.start()
                    let after = try await api.post(#"{"type":"bug","description":"after"}"#)
                    return (before, down, readiness, list, after)
                }
                #expect(before.status == .accepted)
                #expect(down.status == .serviceUnavailable)
                #expect(down.headers[.contentType] == "application/problem+json")
                #expect(down.headers[.retryAfter] == "1")
                #expect(down.json["type"] as? String == "/docs#problem-service-unavailable")
                for leak in ["SELECT", "INSERT", "libpq", "connection to server", "postgres://"] {
                    #expect(!down.text.contains(leak))
                }
                #expect(list.status == .serviceUnavailable)
                #expect(readiness.status == .serviceUnavailable)
                #expect(readiness.json(at: "checks", "postgres")?["status"] as? String == "down")
                #expect(after.status == .accepted)
            }
        }
    }

    @Test func readyzReportsAPausedFleet() async throws {
        try await PrivateServices.with(name: "api-fleet-paused") { services in
            try await APIFixture.with(databaseURL: services.databaseURL, redisURL: services.redisURL) { fixture in
                // Fresh servers on a loaded machine may need a moment before every check answers within its second.
                var ready = try await fixture.withAPI { api in try await api.send(.get, "/readyz", token: .some(nil)) }
                let deadline = ContinuousClock.now + .seconds(30)
                while ready.status != .ok, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    ready = try await fixture.withAPI { api in try await api.send(.get, "/readyz", token: .some(nil)) }
                }
                #expect(ready.status == .ok)
                #expect(ready.json["status"] as? String == "ready")

                try await FleetState.paused(reason: "Trello rejected the credentials", since: Date())
                    .publish(to: fixture.redis, ttl: .seconds(60))
                let paused = try await fixture.withAPI { api in try await api.send(.get, "/readyz", token: .some(nil)) }
                #expect(paused.status == .serviceUnavailable)
                let fleet = paused.json(at: "checks", "fleet")
                #expect(fleet?["state"] as? String == "paused")
                #expect(fleet?["reason"] as? String == "Trello rejected the credentials")
                #expect(fleet?["since"] is String)
            }
        }
    }
}
