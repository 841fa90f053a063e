import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresClient
import TaskBridgeCore
import Testing

/// The dashboard's sessions and forms over HTTP, without a browser: a session only from a live token, in a strict
/// cookie; no POST without the session's CSRF token; a revoked token or a sign-out ends the session.
@Suite(.timeLimit(.minutes(3))) struct DashboardSessionTests {
    /// Sends a form (or nothing) with the session cookie, if any.
    private static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, form: String? = nil,
        cookie: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "tb_session=\(cookie)" }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) })
    }

    /// Signs in with `token` and returns the session cookie's value.
    private static func signIn(_ client: any TestClientProtocol, token: String) async throws -> String {
        let response = try await send(client, .post, "/ui/signin", form: "token=\(token)")
        #expect(response.status == .seeOther)
        let cookie = try #require(response.headers[.setCookie])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/ui"))
        return String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
    }

    @Test func pagesNeedASessionAndAreServedUnderAStrictPolicy() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                for path in ["/ui/overview", "/ui/tasks", "/ui/new", "/ui/tasks/\(UUID().uuidString)"] {
                    let response = try await Self.send(api.client, .get, path)
                    #expect(response.status == .seeOther, "\(path)")
                    #expect(response.headers[.location] == "/ui/signin")
                }
                let page = try await Self.send(api.client, .get, "/ui/signin")
                #expect(page.status == .ok)
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self'") && policy.contains("style-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(!page.text.contains("<script>") && !page.text.contains("style=\""))
                let wrong = try await Self.send(api.client, .post, "/ui/signin", form: "token=tb_wrong")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.headers[.setCookie] == nil)
            }
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsRefusedAndWithItRetries() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                let created = try await api.post(#"{"type":"bug","description":"x"}"#)
                let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
                _ = try await fixture.postgres.query("UPDATE tasks SET status = 'failed' WHERE id = \(id)")
                let session = try await Self.signIn(api.client, token: fixture.token.secret)
                let page = try await Self.send(api.client, .get, "/ui/tasks/\(id.uuidString)", cookie: session)
                #expect(page.status == .ok)
                let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) })

                let forged = try await Self.send(api.client, .post, "/ui/tasks/\(id.uuidString)/retry", form: "csrf=\(String(repeating: "0", count: 64))", cookie: session)
                #expect(forged.status == .forbidden)
                let missing = try await Self.send(api.client, .post, "/ui/tasks/\(id.uuidString)/retry", form: "", cookie: session)
                #expect(missing.status == .forbidden)
                #expect(try await fixture.storedTask(id.uuidString)?.status == .failed)

                let retried = try await Self.send(api.client, .post, "/ui/tasks/\(id.uuidString)/retry", form: "csrf=\(csrf)", cookie: session)
                #expect(retried.status == .seeOther)
                #expect(try await fixture.storedTask(id.uuidString)?.status == .queued)
            }
        }
    }

    @Test func aSessionThatMayNotWriteSeesNoButtonsAndIsRefusedAtEveryPost() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                let created = try await api.post(#"{"type":"bug","description":"x"}"#)
                let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
                _ = try await fixture.postgres.query("UPDATE tasks SET status = 'failed' WHERE id = \(id)")
                let session = try await Self.signIn(api.client, token: fixture.token.secret)
                // What a token without a write scope will get from DashboardController.canWrite.
                _ = try await fixture.postgres.query("UPDATE ui_sessions SET can_write = false")
                let page = try await Self.send(api.client, .get, "/ui/tasks/\(id.uuidString)", cookie: session)
                #expect(page.status == .ok)
                #expect(!page.text.contains(">Retry</button>") && !page.text.contains(">Discard</button>"))
                #expect(!page.text.contains("File a task"))
                #expect(page.text.contains(">Sign out</button>"))
                let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) })
                for action in ["retry", "discard"] {
                    let refused = try await Self.send(
                        api.client, .post, "/ui/tasks/\(id.uuidString)/\(action)", form: "csrf=\(csrf)", cookie: session)
                    #expect(refused.status == .forbidden, "\(action)")
                }
                let file = try await Self.send(api.client, .post, "/ui/new", form: "csrf=\(csrf)&type=bug&description=y", cookie: session)
                #expect(file.status == .forbidden)
                #expect(try await fixture.storedTask(id.uuidString)?.status == .failed)
            }
        }
    }

    @Test func aRevokedTokenOrASignOutEndsTheSession() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                let tokens = TokenStore(pool: fixture.postgres)
                let other = try await tokens.create(name: "dashboard-revoked")
                let revoked = try await Self.signIn(api.client, token: other.secret)
                #expect(try await Self.send(api.client, .get, "/ui/tasks", cookie: revoked).status == .ok)
                _ = try await tokens.revoke(id: other.token.id)
                #expect(try await Self.send(api.client, .get, "/ui/tasks", cookie: revoked).status == .seeOther)

                let session = try await Self.signIn(api.client, token: fixture.token.secret)
                let page = try await Self.send(api.client, .get, "/ui/tasks", cookie: session)
                let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) })
                let out = try await Self.send(api.client, .post, "/ui/signout", form: "csrf=\(csrf)", cookie: session)
                #expect(out.status == .seeOther)
                #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
                #expect(try await Self.send(api.client, .get, "/ui/tasks", cookie: session).status == .seeOther)
            }
        }
    }
}
