import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeAPI
import Testing
import TestSupport

/// PostgreSQL stalled rather than down: a transaction holds locks on the tables every request needs. Requests get
/// a 503 within their deadline instead of hanging, `/readyz` says so within a second, and the API recovers.
@Suite(.timeLimit(.minutes(3)))
struct StalledDatabaseTests {
    @Test func lockedTablesGet503sWithinTheDeadlineAndReadyzSaysSo() async throws {
        try await PrivateServices.with(name: "api-postgres-stalled") { services in
            try await APIFixture.with(databaseURL: services.databaseURL, redisURL: services.redisURL) { fixture in
                let holder = try await PostgresConnection.connect(
                    configuration: PostgresConfiguration(url: services.databaseURL), logger: fixture.logger)
                let configure: (inout APIConfiguration) -> Void = { $0.requestTimeout = .seconds(2) }
                try await fixture.withAPI(configure) { api in
                    try await holder.execute(unsafeSQL: "BEGIN; LOCK TABLE tasks, api_tokens IN ACCESS EXCLUSIVE MODE")
                    // The lock goes away after 30 s whatever happens, so a hanging API fails this test, not the run.
                    let release = Task {
                        try? await Task.sleep(for: .seconds(30))
                        _ = try? await holder.execute(unsafeSQL: "ROLLBACK")
                    }
                    let clock = ContinuousClock()
                    let start = clock.now
                    async let post = api.post(#"{"type":"bug","description":"while the tables are locked"}"#)
                    async let list = api.send(.get, "/v1/tasks")
                    async let readiness = api.send(.get, "/readyz", token: .some(nil))
                    let (posted, listed, ready) = try await (post, list, readiness)
                    let waited = clock.now - start
                    release.cancel()
                    _ = try await holder.execute(unsafeSQL: "ROLLBACK")

                    for response in [posted, listed] {
                        #expect(response.status == .serviceUnavailable, "\(response.text)")
                        #expect(response.headers[.retryAfter] == "1")
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                    #expect(ready.status == .serviceUnavailable)
                    #expect(ready.json(at: "checks", "postgres")?["status"] as? String == "down", "\(ready.text)")
                    // The deadline is 2 s; the margin is for a loaded two-core machine, far below the lock's 30 s.
                    #expect(waited < .seconds(8), "the answers took \(waited)")

                    let after = try await api.post(#"{"type":"bug","description":"after the lock is gone"}"#)
                    #expect(after.status == .accepted, "\(after.text)")
                    // Its PostgreSQL check has 1 s: on a loaded two-core machine one probe may miss it, so it is
                    // asked again until it says up.
                    try await eventually("/readyz says PostgreSQL is up again") {
                        let readyAfter = try? await api.send(.get, "/readyz", token: .some(nil))
                        return readyAfter?.json(at: "checks", "postgres")?["status"] as? String == "up"
                    }
                }
                await holder.close()
            }
        }
    }
}
