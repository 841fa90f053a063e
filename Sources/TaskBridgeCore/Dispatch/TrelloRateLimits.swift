/// The fleet-wide request budget: `TRELLO_TOKEN_LIMIT`, `TRELLO_KEY_LIMIT` per `TRELLO_LIMIT_WINDOW_MS`.
public struct TrelloRateLimits: Sendable, Hashable {
    /// Trello's documented limit per token: 100 requests per window.
    public static let defaultTokenLimit = 100
    /// Trello's documented limit per API key: 300 requests per window.
    public static let defaultKeyLimit = 300
    /// Trello's documented window: 10 seconds.
    public static let defaultWindow: Duration = .seconds(10)

    /// Requests allowed per window for the token.
    public var tokenLimit: Int
    /// Requests allowed per window for the key.
    public var keyLimit: Int
    /// The window both limits count over.
    public var window: Duration

    /// Makes limits.
    public init(tokenLimit: Int = defaultTokenLimit, keyLimit: Int = defaultKeyLimit, window: Duration = defaultWindow) {
        self.tokenLimit = tokenLimit
        self.keyLimit = keyLimit
        self.window = window
    }
}
