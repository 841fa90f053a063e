import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeAPI
import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct AuthenticationTests {
    private static let routes: [(HTTPRequest.Method, String)] = [
        (.post, "/v1/tasks"), (.get, "/v1/tasks"), (.get, "/v1/tasks/\(UUID().uuidString)"),
        (.post, "/v1/tasks/\(UUID().uuidString)/retry"), (.post, "/v1/tasks/\(UUID().uuidString)/discard"),
        (.get, "/v1/stats/history"),
    ]

    @Test func everyTaskRouteNeedsAToken() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                for (method, uri) in Self.routes {
                    let response = try await api.send(method, uri, json: "{}", token: .some(nil))
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                    #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="taskbridge""#)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.json["type"] as? String == "/docs#problem-unauthorized")
                }
            }
        }
    }

    @Test(arguments: ["tb_unknown", "not-even-ours", String(repeating: "x", count: 1000)])
    func anUnknownTokenIs401(token: String) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.send(.get, "/v1/tasks", token: .some(token))
            }
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            #expect(!response.text.contains(token))
        }
    }

    @Test func anotherSchemeIs401() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.client.execute(
                    uri: "/v1/tasks", method: .get, headers: [.authorization: "Basic \(fixture.token.secret)"])
            }
            #expect(response.status == .unauthorized)
        }
    }

    @Test func aRevokedTokenStopsWorkingWithinTheCacheTime() async throws {
        try await APIFixture.with { fixture in
            let ttl = Duration.milliseconds(300)
            let (before, after) = try await fixture.withAPI({ $0.tokenCacheTTL = ttl }) { api in
                let before = try await api.send(.get, "/v1/tasks?limit=1")
                try await TokenStore(pool: fixture.postgres).revoke(id: fixture.token.token.id)
                try await Task.sleep(for: ttl * 2)
                return (before, try await api.send(.get, "/v1/tasks?limit=1"))
            }
            #expect(before.status == .ok)
            #expect(after.status == .unauthorized)
        }
    }

    @Test func aNewTokenWorksAtOnce() async throws {
        try await APIFixture.with { fixture in
            let status = try await fixture.withAPI { api in
                _ = try await api.send(.get, "/v1/tasks?limit=1")
                let fresh = try await TokenStore(pool: fixture.postgres).create(name: "fresh")
                return try await api.send(.get, "/v1/tasks?limit=1", token: .some(fresh.secret)).status
            }
            #expect(status == .ok)
        }
    }

    @Test func anUnknownTokenIsLookedUpOncePerCacheLifetime() async throws {
        try await APIFixture.with { fixture in
            let badTokens = (0..<5).map { "tb_unknown-\($0)-\(UUID().uuidString)" }
            let (lookups, statuses, valid) = try await fixture.withAPI({ $0.tokenCacheTTL = .seconds(60) }) { api in
                let before = try await Self.tokenLookups(api)
                // Two waves of 40 concurrent requests per token: the first shares one lookup per token, the
                // second finds every token already known to be unknown.
                var statuses: [Int] = []
                for _ in 0..<2 {
                    statuses += try await withThrowingTaskGroup(of: Int.self) { group in
                        for token in badTokens {
                            for _ in 0..<40 {
                                group.addTask {
                                    Int(try await api.send(.get, "/v1/tasks?limit=1", token: .some(token)).status.code)
                                }
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                }
                let valid = try await api.send(.get, "/v1/tasks?limit=1").status
                return (try await Self.tokenLookups(api) - before, statuses, valid)
            }
            #expect(Set(statuses) == [401])
            #expect(valid == .ok)
            // One per bad token, and one for the fixture's own token, which no request had used before.
            #expect(lookups == badTokens.count + 1)
        }
    }

    /// `taskbridge_token_lookups_total` from `/metrics`.
    private static func tokenLookups(_ api: APIClient) async throws -> Int {
        let text = try await api.send(.get, "/metrics", token: .some(nil)).text
        let line = text.split(separator: "\n").first { $0.hasPrefix("taskbridge_token_lookups_total ") }
        return try #require(line.flatMap { Int($0.split(separator: " ").last ?? "") })
    }

    @Test func tokensAreStoredHashed() async throws {
        try await APIFixture.with { fixture in
            let secret = fixture.token.secret
            #expect(secret.hasPrefix("tb_"))
            let rows = try await fixture.postgres.query(
                "SELECT token_hash FROM api_tokens WHERE id = \(fixture.token.token.id)")
            let stored = try rows[0].decode(Data.self, at: 0)
            #expect(stored == TokenStore.hash(secret))
            #expect(stored.count == 32)
            #expect(try await TokenStore(pool: fixture.postgres).verify(secret)?.id == fixture.token.token.id)
            #expect(try await TokenStore(pool: fixture.postgres).verify(secret + "x") == nil)
        }
    }
}
