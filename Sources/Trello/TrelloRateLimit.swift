import Foundation

/// What Trello's `x-rate-limit-*` response headers said about the caller's remaining budget.
public struct TrelloRateLimit: Sendable, Hashable {
    /// One limit: how many requests an interval allows and how many are left.
    public struct Window: Sendable, Hashable {
        /// Requests allowed per interval.
        public var maximum: Int
        /// Requests left in the current interval.
        public var remaining: Int
        /// The interval's length.
        public var interval: Duration

        /// A window from its three header values.
        public init(maximum: Int, remaining: Int, interval: Duration) {
            self.maximum = maximum
            self.remaining = remaining
            self.interval = interval
        }
    }

    /// The per-token limit (`x-rate-limit-api-token-*`), when the response carried it.
    public var token: Window?
    /// The per-key limit (`x-rate-limit-api-key-*`), when the response carried it.
    public var key: Window?

    /// A value holding the given windows.
    public init(token: Window? = nil, key: Window? = nil) {
        self.token = token
        self.key = key
    }

    /// Reads the headers through a lookup by lower-case name; nil when neither limit is present.
    public init?(header: (String) -> String?) {
        func window(_ prefix: String) -> Window? {
            guard let maximum = header("\(prefix)-max").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                let remaining = header("\(prefix)-remaining").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                let milliseconds = header("\(prefix)-interval-ms").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            else { return nil }
            return Window(maximum: maximum, remaining: remaining, interval: .milliseconds(milliseconds))
        }
        let token = window("x-rate-limit-api-token")
        let key = window("x-rate-limit-api-key")
        guard token != nil || key != nil else { return nil }
        self.init(token: token, key: key)
    }
}
