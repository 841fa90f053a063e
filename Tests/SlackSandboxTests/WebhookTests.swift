import Hummingbird
import SlackSandbox
import Testing

/// The incoming-webhook contract: what a post gets, and what the channel then holds.
@Suite(.timeLimit(.minutes(2))) struct WebhookTests {
    @Test func aMessageIsAcceptedWithOkAndListedWithItsBlocks() async throws {
        try await SlackStandIn.with { slack in
            let path = try await slack.hook()
            let reply = try await slack.send(.post, path, body: #"{"text":"New bug: \"login\" <fails>","blocks":[{"type":"divider"}]}"#)
            #expect(reply.status == 200)
            #expect(reply.body == "ok")
            let messages = try await slack.messages()
            #expect(messages.count == 1)
            #expect(messages.first?.text == #"New bug: "login" <fails>"#)
            #expect(messages.first?.blocks == #"[{"type":"divider"}]"#)
            #expect(messages.first?.team == "T1" && messages.first?.channel == "C1")
        }
    }

    @Test func messagesAreListedInOrderAndNarrowedByChannel() async throws {
        try await SlackStandIn.with { slack in
            let first = try await slack.hook(channel: "C1")
            let second = try await slack.hook(channel: "C2")
            for (index, path) in [first, second, first].enumerated() {
                let reply = try await slack.send(.post, path, body: #"{"text":"m\#(index)"}"#)
                #expect(reply.status == 200)
            }
            #expect(try await slack.messages().map(\.text) == ["m0", "m1", "m2"])
            #expect(try await slack.messages().map(\.sequence) == [1, 2, 3])
            let messages = try await slack.messages(query: "?channel=C1")
            #expect(messages.map(\.text) == ["m0", "m2"])
        }
    }

    @Test func aBlocksOnlyMessageIsAccepted() async throws {
        try await SlackStandIn.with { slack in
            let path = try await slack.hook()
            let reply = try await slack.send(.post, path, body: #"{"blocks":[{"type":"divider"}]}"#)
            #expect(reply.status == 200)
        }
    }

    @Test(arguments: [
        ("not json", "invalid_payload"),
        (#"["text"]"#, "invalid_payload"),
        (#"{"text":42}"#, "invalid_payload"),
        (#"{"text":"hi","blocks":"divider"}"#, "invalid_payload"),
        ("{}", "no_text"),
        (#"{"text":""}"#, "no_text"),
    ])
    func aBadPayloadIsRefusedWith400AndNothingIsPosted(body: String, answer: String) async throws {
        try await SlackStandIn.with { slack in
            let path = try await slack.hook()
            let reply = try await slack.send(.post, path, body: body)
            #expect(reply.status == 400)
            #expect(reply.body == answer)
            let messages = try await slack.messages()
            #expect(messages.isEmpty)
        }
    }

    @Test func anUnknownHookIsNoService() async throws {
        try await SlackStandIn.with { slack in
            _ = try await slack.hook(secret: "right")
            let reply = try await slack.send(.post, "/services/T1/C1/wrong", body: #"{"text":"hi"}"#)
            #expect(reply.status == 404)
            #expect(reply.body == "no_service")
        }
    }
}
