import Hummingbird
import Testing
import TrelloSandbox

@Suite("Rate limits", .timeLimit(.minutes(3)))
struct RateLimitTests {
    @Test("the 101st request of one token within the window gets Trello's 429 body and headers")
    func tokenLimit() async throws {
        // Trello's 100 per token and 300 per key, over a window long enough that a loaded machine sends all 101
        // requests within it; the default window's 10 s is checked below.
        let limits = RateLimits(windowMilliseconds: 600_000)
        try await LiveSandbox.with(SandboxConfiguration(limits: limits)) { sandbox in
            let path = "/1/boards/\(sandbox.boardID)/lists"
            for number in 1...100 {
                let reply = try await sandbox.get(path)
                try #require(reply.status == .ok, "request \(number)")
                #expect(reply.header("x-rate-limit-api-token-remaining") == String(100 - number))
                #expect(reply.header("x-rate-limit-api-key-remaining") == String(300 - number))
            }
            let refused = try await sandbox.get(path)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body == #"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#)
            #expect(refused.header("content-type")?.hasPrefix("application/json") == true)
            #expect(refused.header("x-rate-limit-api-token-interval-ms") == "600000")
            #expect(refused.header("x-rate-limit-api-token-max") == "100")
            #expect(refused.header("x-rate-limit-api-token-remaining") == "0")
            #expect(refused.header("x-rate-limit-api-key-max") == "300")
            #expect(refused.header("retry-after") == nil)
            #expect(try await sandbox.counters()["GET /1/boards/{id}/lists"] == ["200": 100, "429": 1])
        }
    }

    @Test("the key limit gives API_KEY_LIMIT_EXCEEDED; Retry-After only when configured")
    func keyLimitAndRetryAfter() async throws {
        let limits = RateLimits(tokenLimit: 0, keyLimit: 3, retryAfterSeconds: 7)
        try await LiveSandbox.with(SandboxConfiguration(limits: limits)) { sandbox in
            for _ in 1...3 {
                let reply = try await sandbox.get("/1/members/me")
                #expect(reply.status == .ok)
                #expect(reply.header("x-rate-limit-api-token-max") == nil, "a limit that is off sends no headers")
            }
            let refused = try await sandbox.get("/1/members/me")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body == #"{"error":"API_KEY_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#)
            #expect(refused.header("retry-after") == "7")
        }
    }

    @Test("rate-limit headers come with error answers too, never with admin routes")
    func headersEverywhere() async throws {
        try await LiveSandbox.with { sandbox in
            let notFound = try await sandbox.get("/1/cards/aaaaaaaaaaaaaaaaaaaaaaaa")
            #expect(notFound.status == .notFound)
            #expect(notFound.header("x-rate-limit-api-token-remaining") == "99")
            // Trello's defaults: 100 per token and 300 per key, every 10 s.
            #expect(notFound.header("x-rate-limit-api-token-interval-ms") == "10000")
            #expect(notFound.header("x-rate-limit-api-key-max") == "300")
            let unauthorized = try await sandbox.send(.get, "/1/members/me?key=\(Credentials.defaultKey)&token=nope")
            #expect(unauthorized.header("x-rate-limit-api-token-max") == "100")
            let admin = try await sandbox.sendAlone(.get, "/_sandbox/faults")
            #expect(admin.header("x-rate-limit-api-token-max") == nil)
        }
    }

    @Test("refused credentials do not use up the window")
    func refusedRequestsAreFree() async throws {
        // A minute's window: a loaded machine must not let the first requests leave it before the last is sent.
        try await LiveSandbox.with(SandboxConfiguration(limits: RateLimits(tokenLimit: 2, windowMilliseconds: 60_000))) { sandbox in
            for _ in 1...5 {
                _ = try await sandbox.send(.get, "/1/members/me?key=\(Credentials.defaultKey)&token=nope")
            }
            #expect(try await sandbox.get("/1/members/me").status == .ok)
            #expect(try await sandbox.get("/1/members/me").status == .ok)
            #expect(try await sandbox.get("/1/members/me").status == .tooManyRequests)
        }
    }

    @Test("the window slides: requests are allowed again once the old ones left it")
    func windowSlides() async throws {
        // A window long enough for three requests on a loaded machine, short enough to wait out.
        try await LiveSandbox.with(SandboxConfiguration(limits: RateLimits(tokenLimit: 2, windowMilliseconds: 8_000))) { sandbox in
            #expect(try await sandbox.get("/1/members/me").status == .ok)
            #expect(try await sandbox.get("/1/members/me").status == .ok)
            #expect(try await sandbox.get("/1/members/me").status == .tooManyRequests)
            try await Task.sleep(for: .milliseconds(8_500))
            #expect(try await sandbox.get("/1/members/me").status == .ok)
        }
    }

    @Test("limits changed at run time: PUT /_sandbox/limits, 0 turns a limit off")
    func limitsAtRunTime() async throws {
        try await LiveSandbox.with { sandbox in
            let changed = try await sandbox.admin(put: "limits", #"{"tokenLimit":1,"retryAfter":2}"#)
            #expect(try changed.decoded(as: RateLimits.self) == RateLimits(tokenLimit: 1, retryAfterSeconds: 2))
            #expect(try await sandbox.get("/1/members/me").status == .ok)
            let refused = try await sandbox.get("/1/members/me")
            #expect(refused.status == .tooManyRequests && refused.header("retry-after") == "2")
            _ = try await sandbox.admin(put: "limits", #"{"tokenLimit":0,"keyLimit":0,"retryAfter":null}"#)
            for _ in 1...5 {
                let reply = try await sandbox.get("/1/members/me")
                #expect(reply.status == .ok && reply.header("x-rate-limit-api-token-max") == nil)
            }
            let invalid = try await sandbox.admin(put: "limits", #"{"windowMs":0}"#)
            #expect(invalid.status == .badRequest)
        }
    }
}
