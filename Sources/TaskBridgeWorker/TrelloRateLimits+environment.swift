import TaskBridgeCore
import TaskBridgeRuntime

extension TrelloRateLimits {
    /// Reads `TRELLO_TOKEN_LIMIT`, `TRELLO_KEY_LIMIT` and `TRELLO_LIMIT_WINDOW_MS`, each a positive integer.
    public init(reading environment: inout EnvironmentReader) {
        self.init(
            tokenLimit: environment.integer("TRELLO_TOKEN_LIMIT", default: Self.defaultTokenLimit, in: 1...Int.max),
            keyLimit: environment.integer("TRELLO_KEY_LIMIT", default: Self.defaultKeyLimit, in: 1...Int.max),
            window: environment.milliseconds("TRELLO_LIMIT_WINDOW_MS", default: Self.defaultWindow, in: 1...Int.max)
        )
    }
}
