/// A failed webhook post, sorted by whose fault it is and so by what the delivery should do next.
///
/// `description` holds the status and Slack's own one-word answer; it never holds the hook's URL, which is the
/// credential.
public struct SlackError: Error, Sendable, CustomStringConvertible {
    /// Whose fault the failure is.
    public enum Kind: String, Sendable, Hashable {
        /// Slack refused the message itself (400: `invalid_payload`, `no_text`...): fail the delivery, never retry.
        case invalidPayload
        /// The hook is gone or refused for good (403, 404, 410): fail the delivery, never retry.
        case deadHook
        /// Slack asked the caller to slow down (429): retry after `retryAfter`.
        case rateLimited
        /// Slack or the network is in trouble (5xx, a timeout, no connection, a dropped one): retry later.
        case transient
    }

    /// Whose fault the failure is.
    public let kind: Kind
    /// The HTTP status, nil when no response arrived.
    public let status: Int?
    /// Slack's answer (`channel_is_archived`, `invalid_payload`...), or what went wrong on the way.
    public let message: String
    /// How long Slack asked the caller to wait, for a 429 (1 s when it did not say).
    public let retryAfter: Duration?
    /// Whether the message may have been posted all the same (sent, then no answer): a retry may repeat it.
    public let mayHaveBeenPosted: Bool

    /// Makes an error; the client builds these, tests and callers may too.
    public init(kind: Kind, status: Int? = nil, message: String, retryAfter: Duration? = nil, mayHaveBeenPosted: Bool = false) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.mayHaveBeenPosted = mayHaveBeenPosted
    }

    /// The error of a non-2xx answer, sorted by its status: 400 the payload's, 403, 404 and 410 a dead hook's,
    /// 429 a rate limit, anything else Slack's trouble for now.
    public init(status: Int, message: String, retryAfter: Duration?) {
        let kind: Kind
        switch status {
        case 400: kind = .invalidPayload
        case 403, 404, 410: kind = .deadHook
        case 429: kind = .rateLimited
        default: kind = .transient
        }
        self.init(
            kind: kind, status: status, message: message.isEmpty ? "no explanation given" : message,
            retryAfter: kind == .rateLimited ? (retryAfter ?? .seconds(1)) : nil)
    }

    /// True when retrying the same message later may succeed.
    public var isRetryable: Bool { kind == .rateLimited || kind == .transient }

    /// One line: the status when there was one, and Slack's answer.
    public var description: String {
        if let status {
            return "Slack webhook answered \(status): \(message)"
        }
        return "Slack webhook failed: \(message)"
    }
}
