/// What one attempt to notify a Slack channel or a mailbox came to, for the dispatcher to record on its delivery.
///
/// Channels are at-least-once: an attempt whose outcome is unknown (sent, then no answer) is a `retry`, and may
/// repeat the message (a mail then carries the same `Message-ID`).
public enum ChannelOutcome: Sendable, Equatable {
    /// Slack answered `200 ok`, or the mail server accepted the message.
    case sent
    /// Try again: after `after` when the channel said when (a 429's `Retry-After`), else after the delivery's
    /// backoff. `error` says why, without any secret.
    case retry(after: Duration?, error: String)
    /// Give up on this delivery for good: a dead hook, a refused payload, address or login, a bad template.
    case fail(error: String)
    /// Not this attempt's fault: the credential cannot be opened under the secret keys (a rotation without the
    /// previous key), or the hook's queue outlasts the lease. Release the delivery without counting an attempt,
    /// as a Trello delivery with unusable credentials is, to come back after `after` (nil: the delivery's backoff).
    case release(error: String, after: Duration? = nil)
}
