import CurlClient
import Foundation
import Slack
import SlackSandbox
import Testing

/// `SlackWebhook` against the stand-in over HTTP: what arrives, and how each refusal is sorted.
@Suite(.timeLimit(.minutes(2))) struct SlackWebhookTests {
    static func failure(_ post: () async throws -> Void) async -> SlackError? {
        do {
            try await post()
            return nil
        } catch {
            return error as? SlackError
        }
    }

    @Test func aMessageArrivesVerbatimWhateverItHolds() async throws {
        try await LiveSlack.with { slack in
            let url = try await slack.hook()
            let text = "Bug \"quoted\" \\ back\\slash\nnew line\ttab \u{1} é ✓ 🐛 </script> {\"a\":1}"
            try await SlackWebhook(url: url, session: slack.session).post(
                text: text, blocks: [.section("*\(SlackText.escaped("<!channel> & co"))*"), .divider])
            let messages = try await slack.messages()
            #expect(messages.map(\.text) == [text])
            #expect(messages.first?.blocks
                == #"[{"text":{"text":"*&lt;!channel&gt; &amp; co*","type":"mrkdwn"},"type":"section"},{"type":"divider"}]"#)
        }
    }

    @Test(arguments: [DeadHookReason.channelIsArchived, .actionProhibited, .noService])
    func aDeadHookIsDeadHookAndNotRetryable(reason: DeadHookReason) async throws {
        try await LiveSlack.with { slack in
            let url = try await slack.hook()
            try await slack.admin(.post, "/hooks/T1/C1/s3cret/kill", #"{"reason":"\#(reason.rawValue)"}"#)
            let error = await Self.failure { try await SlackWebhook(url: url, session: slack.session).post(text: "hi") }
            #expect(error?.kind == .deadHook)
            #expect(error?.status == reason.status)
            #expect(error?.message == reason.rawValue)
            #expect(error?.isRetryable == false)
            #expect(error?.description.contains("s3cret") == false)
        }
    }

    @Test func anUnknownHookIsDeadToo() async throws {
        try await LiveSlack.with { slack in
            let error = await Self.failure {
                try await SlackWebhook(url: slack.baseURL + "/services/T1/C1/nope", session: slack.session).post(text: "hi")
            }
            #expect(error?.kind == .deadHook)
            #expect(error?.message == "no_service")
        }
    }

    @Test func a429IsRateLimitedWithItsRetryAfterAndTheNextPostArrives() async throws {
        try await LiveSlack.with { slack in
            let webhook = SlackWebhook(url: try await slack.hook(), session: slack.session)
            try await slack.admin(.put, "/faults", #"{"count":1,"status":429,"retryAfter":7}"#)
            let error = await Self.failure { try await webhook.post(text: "first") }
            #expect(error?.kind == .rateLimited)
            #expect(error?.retryAfter == .seconds(7))
            #expect(error?.isRetryable == true)
            try await webhook.post(text: "again")
            let messages = try await slack.messages()
            #expect(messages.map(\.text) == ["again"])
        }
    }

    @Test func a500IsTransient() async throws {
        try await LiveSlack.with { slack in
            let webhook = SlackWebhook(url: try await slack.hook(), session: slack.session)
            try await slack.admin(.put, "/faults", #"{"count":1,"status":503}"#)
            let error = await Self.failure { try await webhook.post(text: "hi") }
            #expect(error?.kind == .transient)
            #expect(error?.status == 503)
            #expect(error?.retryAfter == nil)
        }
    }

    @Test func anEmptyMessageIsAnInvalidPayload() async throws {
        try await LiveSlack.with { slack in
            let error = await Self.failure {
                try await SlackWebhook(url: try await slack.hook(), session: slack.session).post(text: "")
            }
            #expect(error?.kind == .invalidPayload)
            #expect(error?.status == 400)
            #expect(error?.message == "no_text")
            let messages = try await slack.messages()
            #expect(messages.isEmpty)
        }
    }

    @Test func noServerIsTransientAndABadURLIsDead() async throws {
        let session = try HTTPSession(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
        let unreachable = await Self.failure {
            try await SlackWebhook(url: "http://127.0.0.1:1/services/T/C/S", session: session).post(text: "hi")
        }
        let malformed = await Self.failure {
            try await SlackWebhook(url: "ftp://example.com/services/T/C/S", session: session).post(text: "hi")
        }
        await session.shutdown()
        #expect(unreachable?.kind == .transient)
        #expect(unreachable?.mayHaveBeenPosted == false)
        #expect(malformed?.kind == .deadHook)
    }

    @Test func slackTextEscapesOnlyMrkdwnControlCharacters() {
        #expect(SlackText.escaped("<@U1> & <!here> *bold* \"q\"") == "&lt;@U1&gt; &amp; &lt;!here&gt; *bold* \"q\"")
    }
}
