/// A failed Trello call, sorted by whose fault it is and so by what the caller should do next.
///
/// `description` holds the operation, the status and Trello's own message; it never holds a credential
/// (Trello's error bodies do not echo them, and URLs are not quoted).
public struct TrelloError: Error, Sendable, CustomStringConvertible {
    /// Whose fault the failure is.
    public enum Kind: String, Sendable, Hashable {
        /// Try again later: 429, 5xx, a timeout or a connection that could not be made or broke before sending.
        case transient
        /// Trello refused this request for good (400, 404, other 4xx): retrying the same request cannot help.
        case permanent
        /// The key or token is wrong, revoked or lacks permission (401, 403): no request will work until fixed.
        case credentials
        /// A request that creates something was sent but no answer came back: it may or may not have happened.
        case outcomeUnknown
    }

    /// Whose fault the failure is.
    public let kind: Kind
    /// The request as sent; its description is `METHOD /path` with ids left out (`POST /cards`).
    public let operation: TrelloOperation
    /// The HTTP status, nil when no response arrived.
    public let status: Int?
    /// Trello's message (its body's `message`, or the plain-text body), or what went wrong on the way.
    public let message: String
    /// Trello's `error` code from a JSON body, such as `API_TOKEN_LIMIT_EXCEEDED`, when it sent one.
    public let code: String?
    /// How long Trello asked the caller to wait (`Retry-After`), when it said.
    public let retryAfter: Duration?
    /// The rate-limit headers of the failed response, when it carried them.
    public let rateLimit: TrelloRateLimit?

    /// Makes an error; the client builds these, tests and callers may too.
    public init(
        kind: Kind,
        operation: TrelloOperation,
        status: Int? = nil,
        message: String,
        code: String? = nil,
        retryAfter: Duration? = nil,
        rateLimit: TrelloRateLimit? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.status = status
        self.message = message
        self.code = code
        self.retryAfter = retryAfter
        self.rateLimit = rateLimit
    }

    /// The error of a non-2xx answer, sorted by its status: 401 and 403 are the credentials', 408, 429 and 5xx
    /// Trello's trouble for now, any other refusal permanent.
    public init(
        operation: TrelloOperation, status: Int, message: String, code: String? = nil, retryAfter: Duration? = nil,
        rateLimit: TrelloRateLimit? = nil
    ) {
        let kind: Kind
        switch status {
        case 401, 403: kind = .credentials
        case 408, 429, 500...: kind = .transient
        default: kind = .permanent
        }
        self.init(
            kind: kind, operation: operation, status: status, message: message.isEmpty ? "no explanation given" : message,
            code: code, retryAfter: retryAfter, rateLimit: rateLimit)
    }

    /// The `code` of an answer larger than the HTTP client accepts (`maxResponseBodySize`).
    public static let responseTooLargeCode = "RESPONSE_TOO_LARGE"

    /// True when a listing asked for too much at once: the answer outgrew the client's limit, or Trello refused
    /// with `API_TOO_MANY_CARDS_REQUESTED`. Asking for smaller pages helps; asking again as it was does not.
    public var isTooLarge: Bool {
        code == Self.responseTooLargeCode || code == "API_TOO_MANY_CARDS_REQUESTED"
    }

    /// True for a 429: Trello's rate limit was hit, and the whole fleet should slow down.
    public var isRateLimited: Bool { status == 429 }

    /// True when Trello itself is unavailable, not the request at fault: a 408, 429 or 5xx, a timeout, or a
    /// connection that could not be made or broke. Such failures are retried for a time budget, not a count.
    public var isUnavailable: Bool {
        guard kind == .transient || kind == .outcomeUnknown else { return false }
        guard let status else { return true }
        return status == 408 || status == 429 || status >= 500
    }

    /// One line: the operation, the status when there was one, and the message.
    public var description: String {
        if let status {
            return "Trello \(operation) answered \(status): \(message)"
        }
        return "Trello \(operation) failed: \(message)"
    }
}
