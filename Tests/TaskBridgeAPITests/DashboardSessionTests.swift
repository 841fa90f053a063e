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
    /// Sends a form (or nothing) with the session cookie, if any, or the sign-in form's.
    private static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, form: String? = nil,
        cookie: String? = nil, signInCookie: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "tb_session=\(cookie)" }
        if let signInCookie { headers[.cookie] = "tb_signin=\(signInCookie)" }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) })
    }

    /// The value of cookie `name` among the response's `Set-Cookie` fields.
    private static func setCookie(_ name: String, in response: TestResponse) -> (value: String, field: String)? {
        for field in response.headers[values: .setCookie] where field.hasPrefix("\(name)=") {
            return (String(field.dropFirst(name.count + 1).prefix { $0 != ";" }), field)
        }
        return nil
    }

    /// Opens the sign-in form: its cookie, and the same value in the form.
    private static func signInForm(_ client: any TestClientProtocol) async throws -> String {
        let page = try await send(client, .get, "/ui/signin")
        let cookie = try #require(setCookie("tb_signin", in: page))
        #expect(cookie.field.contains("HttpOnly") && cookie.field.contains("SameSite=Strict"))
        #expect(page.text.contains(#"name="csrf" value="\#(cookie.value)""#))
        return cookie.value
    }

    /// A new task moved straight to `failed`, so that its page offers Retry and Discard.
    private static func failedTask(_ api: APIClient, _ fixture: APIFixture) async throws -> UUID {
        let created = try await api.post(#"{"type":"bug","description":"x"}"#)
        let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
        _ = try await fixture.postgres.query("UPDATE deliveries SET status = 'failed' WHERE id = \(id)")
        return id
    }

    /// The CSRF token the forms of a dashboard page carry.
    private static func csrf(in page: TestResponse) throws -> String {
        try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) })
    }

    /// Signs in with `token` and returns the session cookie's value.
    private static func signIn(_ client: any TestClientProtocol, token: String) async throws -> String {
        let csrf = try await signInForm(client)
        let response = try await send(client, .post, "/ui/signin", form: "csrf=\(csrf)&token=\(token)", signInCookie: csrf)
        #expect(response.status == .seeOther)
        let cookie = try #require(setCookie("tb_session", in: response))
        #expect(cookie.field.contains("HttpOnly") && cookie.field.contains("SameSite=Strict") && cookie.field.contains("Path=/ui"))
        #expect(setCookie("tb_signin", in: response)?.field.contains("Max-Age=0") == true)
        return cookie.value
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
                let csrf = try await Self.signInForm(api.client)
                let wrong = try await Self.send(
                    api.client, .post, "/ui/signin", form: "csrf=\(csrf)&token=tb_wrong", signInCookie: csrf)
                #expect(wrong.status == .unauthorized)
                #expect(Self.setCookie("tb_session", in: wrong) == nil)
                // Login CSRF: another site's form has no sign-in cookie to match, or not this one.
                let token = fixture.token.secret
                let forged = try await Self.send(api.client, .post, "/ui/signin", form: "csrf=\(csrf)&token=\(token)")
                #expect(forged.status == .forbidden)
                // Another value: its first character changed (a fixed "0" matched whenever the token began with one).
                let other = (csrf.first == "0" ? "1" : "0") + csrf.dropFirst()
                let mismatched = try await Self.send(
                    api.client, .post, "/ui/signin", form: "csrf=\(csrf)&token=\(token)", signInCookie: other)
                #expect(mismatched.status == .forbidden)
                #expect(Self.setCookie("tb_session", in: forged) == nil && Self.setCookie("tb_session", in: mismatched) == nil)
            }
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsRefusedAndWithItRetries() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                let id = try await Self.failedTask(api, fixture)
                let session = try await Self.signIn(api.client, token: fixture.token.secret)
                let page = try await Self.send(api.client, .get, "/ui/tasks/\(id.uuidString)", cookie: session)
                #expect(page.status == .ok)
                let csrf = try Self.csrf(in: page)

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
                let id = try await Self.failedTask(api, fixture)
                let session = try await Self.signIn(api.client, token: fixture.token.secret)
                // What a token without a write scope will get from DashboardController.canWrite.
                // Only this test's token's sessions: other tests share the database.
                _ = try await fixture.postgres.query(
                    "UPDATE ui_sessions SET can_write = false WHERE token_id = \(fixture.token.token.id)")
                let page = try await Self.send(api.client, .get, "/ui/tasks/\(id.uuidString)", cookie: session)
                #expect(page.status == .ok)
                #expect(!page.text.contains(">Retry</button>") && !page.text.contains(">Discard</button>"))
                #expect(!page.text.contains("File a task"))
                #expect(page.text.contains(">Sign out</button>"))
                let csrf = try Self.csrf(in: page)
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
                let csrf = try Self.csrf(in: page)
                let out = try await Self.send(api.client, .post, "/ui/signout", form: "csrf=\(csrf)", cookie: session)
                #expect(out.status == .seeOther)
                #expect(Self.setCookie("tb_session", in: out)?.field.contains("Max-Age=0") == true)
                #expect(try await Self.send(api.client, .get, "/ui/tasks", cookie: session).status == .seeOther)
            }
        }
    }
}
