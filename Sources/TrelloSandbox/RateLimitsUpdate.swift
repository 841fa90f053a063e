/// The body of `PUT /_sandbox/limits`: any of `tokenLimit`, `keyLimit`, `windowMs`, `retryAfter` (null: no header).
struct RateLimitsUpdate: Decodable {
    private let tokenLimit: Int?
    private let keyLimit: Int?
    private let windowMilliseconds: Int?
    /// Absent: unchanged; null: no `Retry-After`; a number: that many seconds.
    private let retryAfterSeconds: Int??

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PatchKey.self)
        try container.rejectUnknownKeys(["tokenLimit", "keyLimit", "windowMs", "retryAfter"])
        self.tokenLimit = try container.optional("tokenLimit")
        self.keyLimit = try container.optional("keyLimit")
        self.windowMilliseconds = try container.optional("windowMs")
        let retryAfter = PatchKey(stringValue: "retryAfter")
        if !container.contains(retryAfter) {
            self.retryAfterSeconds = nil
        } else if try container.decodeNil(forKey: retryAfter) {
            self.retryAfterSeconds = .some(nil)
        } else {
            self.retryAfterSeconds = .some(try container.decode(Int.self, forKey: retryAfter))
        }
    }

    /// `limits` with the members this update names replaced.
    func applied(to limits: RateLimits) -> RateLimits {
        var limits = limits
        if let value = self.tokenLimit { limits.tokenLimit = value }
        if let value = self.keyLimit { limits.keyLimit = value }
        if let value = self.windowMilliseconds { limits.windowMilliseconds = value }
        if let value = self.retryAfterSeconds { limits.retryAfterSeconds = value }
        return limits
    }
}
