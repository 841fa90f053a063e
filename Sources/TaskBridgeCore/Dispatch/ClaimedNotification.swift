/// What a claimed Slack or email delivery says and where, as its task's route named it at acceptance.
public struct ClaimedNotification: Sendable, Hashable {
    /// The moment notified of.
    public var moment: NotificationMoment
    /// The channel with its templates; nil when it can no longer be made (its credential was removed since, or the
    /// snapshot no longer makes a destination), which fails the delivery.
    public var channel: ChannelDestination?
    /// The task's card URL (its route's first board), nil while it has none.
    public var cardURL: String?
    /// How long the channel's `accepted` notification, not sent yet, may still take (zero while it is in flight or
    /// due); nil when there is none. A later moment waits for it, so a channel always hears `accepted` first.
    public var waitsForAccepted: Duration?

    /// A claimed notification.
    public init(
        moment: NotificationMoment, channel: ChannelDestination?, cardURL: String?, waitsForAccepted: Duration? = nil
    ) {
        self.moment = moment
        self.channel = channel
        self.cardURL = cardURL
        self.waitsForAccepted = waitsForAccepted
    }

    /// The notification a claimed row describes: a channel of `kind` (`slack`, `email`) through the credential
    /// `credential` (nil once removed) with `templates` as `deliveries.templates` holds them.
    public init(
        moment: NotificationMoment, kind: String, credential: String?, templates: String, cardURL: String?,
        waitsForAccepted: Duration? = nil
    ) {
        let message = (try? StoredTemplates.decoding(templates))?.message(kind: kind)
        let channel = credential.flatMap { name in
            message.flatMap { try? ChannelDestination(credential: name, moments: [moment], message: $0) }
        }
        self.init(moment: moment, channel: channel, cardURL: cardURL, waitsForAccepted: waitsForAccepted)
    }
}
