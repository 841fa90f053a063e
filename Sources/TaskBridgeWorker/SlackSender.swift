import CurlClient
import RedisClient
import Slack
import TaskBridgeCore

/// Posts a notice to a Slack destination through its incoming webhook, at most one post per hook per
/// `ChannelSettings.slackHookInterval` across the fleet, and sorts Slack's answer into a `ChannelOutcome`.
///
/// The unknown-outcome window is one post's timeout (`SLACK_TIMEOUT_MS`): a post sent without an answer within it
/// is retried and may show twice in the channel (Slack webhooks have no idempotency key).
public struct SlackSender: Sendable {
    /// The fleet-wide schedule of one hook, named by the hook's fingerprint (never its URL).
    public typealias HookSchedule = @Sendable (_ hookFingerprint: String) -> any RateLimitStore

    private let session: HTTPSession
    private let credentials: ChannelCredentialOpener
    private let schedule: HookSchedule
    private let settings: ChannelSettings

    /// A sender posting on `session`, opening credentials with `credentials`, pacing each hook by `schedule`.
    public init(
        session: HTTPSession, credentials: @escaping ChannelCredentialOpener, schedule: @escaping HookSchedule,
        settings: ChannelSettings
    ) {
        self.session = session
        self.credentials = credentials
        self.schedule = schedule
        self.settings = settings
    }

    /// The schedules of the fleet: `{prefix}:{ratelimit:slack:<fingerprint>}:hook` in Redis.
    public static func redisSchedule(redis: any RedisCommandRunner, keyPrefix: String) -> HookSchedule {
        { fingerprint in
            RedisRateLimitStore(redis: redis, keys: ["\(keyPrefix):{ratelimit:slack:\(fingerprint)}:hook"])
        }
    }

    /// Posts `notice` to `destination` (a Slack one) and says what came of it. With a `deadline` (the delivery's
    /// lease), a post that could not finish before it is not sent and takes no slot: it is released until about
    /// when the hook's queue has room, so a long queue never makes another worker post it a second time.
    public func send(
        _ notice: ChannelNotice, to destination: ChannelDestination, deadline: ContinuousClock.Instant? = nil
    ) async -> ChannelOutcome {
        guard case .slack(let text) = destination.message else {
            return .fail(error: "the destination is not a Slack channel")
        }
        var hookSchedule: (any RateLimitStore)?
        do {
            let template = try ChannelStop.template(text, "text")
            let fields = try await ChannelStop.fields(of: destination.credential, needing: ["hook_url"], using: credentials)
            let hookURL = fields["hook_url"] ?? ""
            let slots = schedule(RateLimiter.fingerprint(of: hookURL))
            hookSchedule = slots
            try await waitForSlot(slots, deadline: deadline)
            let message = template.render(notice.values, escaping: SlackText.escaped)
            try await SlackWebhook(url: hookURL, session: session, timeout: settings.slackTimeout).post(text: message)
            return .sent
        } catch let stop as ChannelStop {
            return stop.outcome
        } catch let error as SlackError {
            if error.kind == .rateLimited, let hookSchedule, let after = error.retryAfter {
                // Every worker waits, not only this delivery; the next attempt then reserves after the push.
                try? await hookSchedule.pushBack(by: after)
            }
            return outcome(of: error, credential: destination.credential)
        } catch {
            return .retry(after: nil, error: "the Slack post did not finish: \(error)")
        }
    }

    /// Waits for this hook's next slot in the fleet, if it comes early enough for the post to finish before
    /// `deadline`; a limiter that cannot be asked stops the attempt for later.
    private func waitForSlot(_ hookSchedule: any RateLimitStore, deadline: ContinuousClock.Instant?) async throws {
        let slot: (wait: Duration, spacing: Duration, reserved: Bool)
        do {
            slot = try await hookSchedule.reserve(
                count: 1, intervals: [settings.slackHookInterval],
                within: deadline.map { $0 - .now - settings.slackTimeout })
        } catch {
            throw ChannelStop(outcome: .retry(after: nil, error: "the Slack hook's rate limiter is unavailable: \(error)"))
        }
        guard slot.reserved else {
            throw ChannelStop(outcome: .release(
                error: "the hook's queue outlasts the lease; released until its turn", after: slot.wait))
        }
        if slot.wait > .zero { try await Task.sleep(for: slot.wait) }
    }

    /// A refused payload or a dead hook fails for good; a 429 waits its `Retry-After`, pushing the hook's schedule
    /// back for the fleet; anything else retries with backoff.
    private func outcome(of error: SlackError, credential: String) -> ChannelOutcome {
        switch error.kind {
        case .invalidPayload: return .fail(error: "\(error)")
        case .deadHook: return .fail(error: "the hook of \(credential) is dead: \(error)")
        case .rateLimited:
            let after = error.retryAfter ?? settings.slackHookInterval
            return .retry(after: after, error: "\(error)")
        case .transient:
            let unknown = error.mayHaveBeenPosted ? " (it may have been posted)" : ""
            return .retry(after: nil, error: "\(error)\(unknown)")
        }
    }
}
