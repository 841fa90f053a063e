/// Trello's request limits per sliding window; a limit of 0 turns that limit (and its headers) off.
public struct RateLimits: Codable, Sendable, Equatable {
    /// Requests one token may make per window: Trello allows 100 per 10 s.
    public var tokenLimit: Int
    /// Requests one API key may make per window: Trello allows 300 per 10 s.
    public var keyLimit: Int
    /// The window's length in milliseconds.
    public var windowMilliseconds: Int
    /// Seconds sent as `Retry-After` with a 429; nil sends no such header (Trello does not document one).
    public var retryAfterSeconds: Int?

    /// Limits with Trello's values unless told otherwise.
    public init(tokenLimit: Int = 100, keyLimit: Int = 300, windowMilliseconds: Int = 10_000, retryAfterSeconds: Int? = nil) {
        self.tokenLimit = tokenLimit
        self.keyLimit = keyLimit
        self.windowMilliseconds = windowMilliseconds
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// No limits at all, for benchmarks.
    public static let off = RateLimits(tokenLimit: 0, keyLimit: 0)

    /// The first problem with these limits, or nil when they are usable.
    public var problem: String? {
        if self.tokenLimit < 0 { return "tokenLimit must be 0 (off) or more" }
        if self.keyLimit < 0 { return "keyLimit must be 0 (off) or more" }
        if self.windowMilliseconds < 1 { return "windowMs must be at least 1" }
        if let seconds = self.retryAfterSeconds, seconds < 0 { return "retryAfter must be 0 or more" }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case tokenLimit
        case keyLimit
        case windowMilliseconds = "windowMs"
        case retryAfterSeconds = "retryAfter"
    }
}
