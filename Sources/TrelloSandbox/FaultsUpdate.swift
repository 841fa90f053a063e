/// The body of `PUT /_sandbox/faults`: any of `latencyMs`, `routeLatencyMs` (replaces the whole map), `errorRate`,
/// `rateLimitRate`, `dropAfterCreateRate`.
struct FaultsUpdate: Decodable {
    private let latencyMilliseconds: Int?
    private let routeLatencyMilliseconds: [String: Int]?
    private let errorRate: Double?
    private let rateLimitRate: Double?
    private let dropAfterCreateRate: Double?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PatchKey.self)
        try container.rejectUnknownKeys(["latencyMs", "routeLatencyMs", "errorRate", "rateLimitRate", "dropAfterCreateRate"])
        self.latencyMilliseconds = try container.optional("latencyMs")
        self.routeLatencyMilliseconds = try container.optional("routeLatencyMs")
        self.errorRate = try container.optional("errorRate")
        self.rateLimitRate = try container.optional("rateLimitRate")
        self.dropAfterCreateRate = try container.optional("dropAfterCreateRate")
    }

    /// `faults` with the members this update names replaced.
    func applied(to faults: Faults) -> Faults {
        var faults = faults
        if let value = self.latencyMilliseconds { faults.latencyMilliseconds = value }
        if let value = self.routeLatencyMilliseconds { faults.routeLatencyMilliseconds = value }
        if let value = self.errorRate { faults.errorRate = value }
        if let value = self.rateLimitRate { faults.rateLimitRate = value }
        if let value = self.dropAfterCreateRate { faults.dropAfterCreateRate = value }
        return faults
    }
}
