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
        (.post, "/v1/tasks/\(UUID().uuidString)/retry"),
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

    @Test func tokensAreStoredHashed() async throws {
        try await APIFixture.with { fixture in
            let secret = fixture.token.secret
            #expect(secret.hasPrefix("tb_"))
            let rows = try await fixture.postgres.query(
                "SELECT token_hash FROM api_tokens WHERE id = \(fixture.token.token.id)")
            let stored = try rows[0].decode(Data.self, at: 0)
            #expect(stored == TokenStore.hash(secret))
            #expect(stored.count == 32)
            #expect(try await TokenStore(pool: fixture.postgres).verify(secret) == fixture.token.token.id)
            #expect(try await TokenStore(pool: fixture.postgres).verify(secret + "x") == nil)
        }
    }
}
