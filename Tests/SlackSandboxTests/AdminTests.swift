import Hummingbird
import SlackSandbox
import Testing

/// The admin routes: dead hooks and injected faults, as a delivery would meet them.
@Suite(.timeLimit(.minutes(2))) struct AdminTests {
    @Test(arguments: DeadHookReason.allCases)
    func aKilledHookAnswersItsReasonForGood(reason: DeadHookReason) async throws {
        try await SlackStandIn.with { slack in
            let path = try await slack.hook()
            let killed = try await slack.send(.post, "/_slack/hooks/T1/C1/s3cret/kill", body: #"{"reason":"\#(reason.rawValue)"}"#)
            #expect(killed.status == 204)
            for _ in 0..<2 {
                let reply = try await slack.send(.post, path, body: #"{"text":"hi"}"#)
                #expect(reply.status == reason.status)
                #expect(reply.body == reason.rawValue)
            }
            #expect([403, 404, 410].contains(reason.status))
            let messages = try await slack.messages()
            #expect(messages.isEmpty)
        }
    }

    @Test func killingAnUnknownHookIs404AndAnUnknownReason400() async throws {
        try await SlackStandIn.with { slack in
            #expect(try await slack.send(.post, "/_slack/hooks/T1/C1/none/kill", body: "{}").status == 404)
            _ = try await slack.hook()
            let reply = try await slack.send(.post, "/_slack/hooks/T1/C1/s3cret/kill", body: #"{"reason":"bored"}"#)
            #expect(reply.status == 400)
        }
    }

    @Test func rateLimitFaultsAnswer429WithRetryAfterThenDeliver() async throws {
        try await SlackStandIn.with { slack in
            let path = try await slack.hook()
            let set = try await slack.send(.put, "/_slack/faults", body: #"{"count":2,"status":429,"retryAfter":3}"#)
            #expect(set.status == 204)
            for _ in 0..<2 {
                let reply = try await slack.send(.post, path, body: #"{"text":"hi"}"#)
                #expect(reply.status == 429)
                #expect(reply.retryAfter == "3")
                #expect(reply.body == "rate_limited")
            }
            #expect(try await slack.send(.post, path, body: #"{"text":"hi"}"#).status == 200)
            let messages = try await slack.messages()
            #expect(messages.count == 1)
        }
    }

    @Test func aServerErrorFaultAnswers500Once() async throws {
        try await SlackStandIn.with { slack in
            let path = try await slack.hook()
            #expect(try await slack.send(.put, "/_slack/faults", body: #"{"count":1,"status":500}"#).status == 204)
            #expect(try await slack.send(.post, path, body: #"{"text":"hi"}"#).status == 500)
            let reply = try await slack.send(.post, path, body: #"{"text":"hi"}"#)
            #expect(reply.status == 200)
        }
    }

    @Test(arguments: [#"{"count":1,"status":404}"#, #"{"count":-1,"status":429}"#, #"{"count":1,"status":429,"retryAfter":-2}"#])
    func aFaultThatIsNotAFaultIsRefused(body: String) async throws {
        try await SlackStandIn.with { slack in
            let reply = try await slack.send(.put, "/_slack/faults", body: body)
            #expect(reply.status == 400)
        }
    }

    @Test func aHookMadeWithoutASecretGetsOneAndResetForgetsEverything() async throws {
        try await SlackStandIn.with { slack in
            let made = try await slack.send(.post, "/_slack/hooks", body: #"{"team":"T9","channel":"C9"}"#)
            #expect(made.status == 201)
            let path = try #require(made.body.firstMatch(of: /"path":"([^"]+)"/)).1.replacing("\\/", with: "/")
            #expect(path.hasPrefix("/services/T9/C9/"))
            #expect(path.count == "/services/T9/C9/".count + 24)
            #expect(try await slack.send(.post, String(path), body: #"{"text":"hi"}"#).status == 200)
            #expect(try await slack.send(.post, "/_slack/reset").status == 204)
            #expect(try await slack.messages().isEmpty)
            let reply = try await slack.send(.post, String(path), body: #"{"text":"hi"}"#)
            #expect(reply.status == 404)
        }
    }

    @Test func aHookPartWithSlashesOrSpacesIsRefused() async throws {
        try await SlackStandIn.with { slack in
            let reply = try await slack.send(.post, "/_slack/hooks", body: #"{"secret":"a b"}"#)
            #expect(reply.status == 400)
        }
    }
}
