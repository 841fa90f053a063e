/// Trouble the sandbox injects into `/1` requests that passed authentication and the rate limits.
public struct Faults: Codable, Sendable, Equatable {
    /// Delay before every `/1` response, in milliseconds.
    public var latencyMilliseconds: Int
    /// Delay for the named routes instead (`"POST /1/cards": 12000`), so a create can be slow while lookups are
    /// fast. Routes are named as the counters name them.
    public var routeLatencyMilliseconds: [String: Int]
    /// Share (0...1) of requests answered 500, 502 or 503 without doing anything.
    public var errorRate: Double
    /// Share (0...1) of requests answered with Trello's 429 without doing anything.
    public var rateLimitRate: Double
    /// The delay for a request to `route`.
    func latency(of route: String) -> Int {
        self.routeLatencyMilliseconds[route] ?? self.latencyMilliseconds
    }

    /// Share (0...1) of `POST /1/cards` that create the card and then close the connection without an answer.
    public var dropAfterCreateRate: Double

    /// Faults, none unless told otherwise.
    public init(
        latencyMilliseconds: Int = 0, routeLatencyMilliseconds: [String: Int] = [:], errorRate: Double = 0,
        rateLimitRate: Double = 0, dropAfterCreateRate: Double = 0
    ) {
        self.latencyMilliseconds = latencyMilliseconds
        self.routeLatencyMilliseconds = routeLatencyMilliseconds
        self.errorRate = errorRate
        self.rateLimitRate = rateLimitRate
        self.dropAfterCreateRate = dropAfterCreateRate
    }

    /// The first problem with these faults, or nil when they are usable.
    public var problem: String? {
        if self.latencyMilliseconds < 0 { return "latencyMs must be 0 or more" }
        if self.routeLatencyMilliseconds.values.contains(where: { $0 < 0 }) { return "routeLatencyMs values must be 0 or more" }
        for (name, rate) in [("errorRate", self.errorRate), ("rateLimitRate", self.rateLimitRate), ("dropAfterCreateRate", self.dropAfterCreateRate)]
        where !(0...1).contains(rate) {
            return "\(name) must be between 0 and 1"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds = "latencyMs"
        case routeLatencyMilliseconds = "routeLatencyMs"
        case errorRate
        case rateLimitRate
        case dropAfterCreateRate
    }
}
