import CurlClient
import RedisClient
import TaskBridgeCore

/// The one call the dispatcher makes for a channel delivery: the Slack or mail sender, by the destination's kind,
/// sharing one session, the fleet's credentials and, for Slack, the fleet's per-hook schedules in Redis.
public struct ChannelSenders: Sendable {
    /// Posts to Slack.
    public let slack: SlackSender
    /// Mails over SMTP.
    public let mail: MailSender

    /// Senders on `session`, opening credentials from `credentials` under `sealer`, pacing hooks in `redis` under
    /// `keyPrefix`.
    public init(
        session: HTTPSession, credentials: CredentialStore, sealer: CredentialSealer, redis: any RedisCommandRunner,
        keyPrefix: String, settings: ChannelSettings
    ) {
        let open: ChannelCredentialOpener = { name in try await credentials.open(name: name, sealer: sealer) }
        slack = SlackSender(
            session: session, credentials: open,
            schedule: SlackSender.redisSchedule(redis: redis, keyPrefix: keyPrefix), settings: settings)
        mail = MailSender(session: session, credentials: open, settings: settings)
    }

    /// Notifies `destination` of `notice`. A Slack post may first wait for its hook's slot in the fleet (about one
    /// a second per hook), but only while the post can still finish before `deadline` (the caller's lease).
    public func send(
        _ notice: ChannelNotice, to destination: ChannelDestination, deadline: ContinuousClock.Instant? = nil
    ) async -> ChannelOutcome {
        switch destination.message {
        case .slack: await slack.send(notice, to: destination, deadline: deadline)
        case .email: await mail.send(notice, to: destination)
        }
    }
}
