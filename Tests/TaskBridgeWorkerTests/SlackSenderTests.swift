import CurlClient
import Foundation
import SlackSandbox
import TaskBridgeCore
import TaskBridgeWorker
import Testing

/// `SlackSender` against the Slack stand-in over HTTP, with its credential sealed in PostgreSQL and each hook's
/// pace in Redis: what arrives, and what each refusal comes to.
@Suite(.timeLimit(.minutes(2))) struct SlackSenderTests {
    @Test func aCardedBugReachesTheChannelRenderedAndEscaped() async throws {
        try await ChannelWorld.with { world in
            let hook = try await world.slackCredential("ops-hook")
            let destination = try ChannelDestination(
                credential: "ops-hook", message: .slack(text: "New {{type}} *{{title}}* {{moment}}: {{description}} {{card_url}}"))
            let notice = ChannelWorld.notice(description: "<!channel> & <https://evil.example|click>")
            #expect(await world.senders().send(notice, to: destination) == .sent)
            let messages = try await world.slackMessages()
            #expect(messages.map(\.text) == [
                "New bug *Bug-login-fails-1234* carded: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; "
                    + "https://trello.com/c/abc123"
            ])
            #expect(messages.first?.channel == "C1")
            let rows = try await world.credentialRows()
            #expect(!rows.contains(hook) && !rows.contains("s3cret"))
        }
    }

    @Test func aDeadHookFailsWithoutRetryAndPostsNothing() async throws {
        try await ChannelWorld.with { world in
            try await world.slackCredential("gone")
            try await world.admin(.post, "/hooks/T1/C1/s3cret-C1/kill", #"{"reason":"channel_is_archived"}"#)
            let destination = try ChannelDestination(credential: "gone", message: .slack(text: "{{title}}"))
            let outcome = await world.senders().send(ChannelWorld.notice(), to: destination)
            guard case .fail(let error) = outcome else {
                Issue.record("a dead hook came to \(outcome)")
                return
            }
            #expect(error.contains("channel_is_archived") && !error.contains("s3cret"))
            #expect(try await world.slackMessages().isEmpty)
        }
    }

    @Test func a429IsRetriedAfterItsRetryAfterAndPushesTheHooksScheduleBack() async throws {
        try await ChannelWorld.with { world in
            try await world.slackCredential("busy")
            let destination = try ChannelDestination(credential: "busy", message: .slack(text: "{{title}}"))
            try await world.admin(.put, "/faults", #"{"count":1,"status":429,"retryAfter":30}"#)
            let sender = world.senders(interval: .milliseconds(10))
            let outcome = await sender.send(ChannelWorld.notice(), to: destination)
            guard case .retry(let after, _) = outcome else {
                Issue.record("a 429 came to \(outcome)")
                return
            }
            #expect(after == .seconds(30))
            #expect(try await world.slackMessages().isEmpty)
            // Every worker now waits for this hook: the next slot is most of 30 s away.
            let hook = "\(world.slackURL)/services/T1/C1/s3cret-C1"
            let schedule = SlackSender.redisSchedule(redis: world.redis, keyPrefix: world.keyPrefix)(
                RateLimiter.fingerprint(of: hook))
            let wait = try await schedule.reserve(count: 1, intervals: [.milliseconds(10)]).wait
            #expect(wait > .seconds(20))
        }
    }

    @Test func aPostSpendsItsHooksSlotAndNoOtherHooks() async throws {
        try await ChannelWorld.with { world in
            let first = try await world.slackCredential("first", channel: "C1")
            let second = try await world.slackCredential("second", channel: "C2")
            let destination = try ChannelDestination(credential: "first", message: .slack(text: "one"))
            #expect(await world.senders(interval: .seconds(60)).send(ChannelWorld.notice(), to: destination) == .sent)
            #expect(try await world.slackMessages().map(\.text) == ["one"])
            // The fleet's next post to the same hook waits most of a minute; another hook's goes at once.
            let schedule = SlackSender.redisSchedule(redis: world.redis, keyPrefix: world.keyPrefix)
            let next = try await schedule(RateLimiter.fingerprint(of: first)).reserve(count: 1, intervals: [.seconds(60)])
            let other = try await schedule(RateLimiter.fingerprint(of: second)).reserve(count: 1, intervals: [.seconds(60)])
            #expect(next.wait > .seconds(40))
            #expect(other.wait < .seconds(20))
        }
    }

    @Test func aPostThatCouldNotFinishWithinItsLeaseIsReleasedWithoutTakingASlot() async throws {
        try await ChannelWorld.with { world in
            let hook = try await world.slackCredential("busy", channel: "C1")
            let schedule = SlackSender.redisSchedule(redis: world.redis, keyPrefix: world.keyPrefix)(
                RateLimiter.fingerprint(of: hook))
            // The fleet has a minute of posts queued for this hook; this delivery's lease ends in 15 s.
            try await schedule.pushBack(by: .seconds(60))
            let destination = try ChannelDestination(credential: "busy", message: .slack(text: "{{title}}"))
            let outcome = await world.senders().send(ChannelWorld.notice(), to: destination, deadline: .now + .seconds(15))
            guard case .release(_, let after) = outcome, let after else {
                Issue.record("a post queued past its lease came to \(outcome)")
                return
            }
            #expect(after > .seconds(50), "released until about the hook's turn: \(after)")
            #expect(try await world.slackMessages().isEmpty)
            // Nothing was reserved: the hook's next slot is still about a minute away, not a slot later.
            let next = try await schedule.reserve(intervals: [.seconds(1)], within: .seconds(120))
            #expect(next.reserved && next.wait <= after, "\(next) after \(after)")
        }
    }

    @Test func aCredentialThatDoesNotOpenIsReleased() async throws {
        try await ChannelWorld.with { world in
            try await world.slackCredential("rotated")
            let stranger = try CredentialSealer(current: Array(repeating: 9, count: CredentialSealer.keyLength))
            let sender = world.senders(sealer: stranger)
            let destination = try ChannelDestination(credential: "rotated", message: .slack(text: "{{title}}"))
            guard case .release = await sender.send(ChannelWorld.notice(), to: destination) else {
                Issue.record("a credential sealed under another key was not released")
                return
            }
            #expect(try await world.slackMessages().isEmpty)
        }
    }
}
