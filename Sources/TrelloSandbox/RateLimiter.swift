/// One sliding window per token (or per key) with a shared limit; a limit of 0 means no limit.
struct RateLimiter: Sendable {
    let limit: Int
    let windowMilliseconds: Int64
    private var windows: [String: SlidingWindow] = [:]

    /// A limiter allowing `limit` requests per `windowMilliseconds`.
    init(limit: Int, windowMilliseconds: Int) {
        self.limit = limit
        self.windowMilliseconds = Int64(windowMilliseconds)
    }

    /// Requests `name` may still make at `now`; creates no state, so refused credentials cost nothing.
    mutating func remaining(for name: String?, now: Int64) -> Int {
        guard let name else { return self.limit }
        return self.windows[name]?.remaining(after: now - self.windowMilliseconds) ?? self.limit
    }

    /// Records one request by `name` at `now`.
    mutating func record(for name: String, now: Int64) {
        guard self.limit > 0 else { return }
        self.windows[name, default: SlidingWindow(limit: self.limit)].record(at: now)
    }
}
