/// Answers the next `count` webhook posts get instead of being delivered: `429` with `Retry-After`, or a 5xx.
public struct HookFault: Sendable, Codable, Equatable {
    /// How many posts are still to be refused.
    public var count: Int
    /// The status they get: 429, or 500 to 599.
    public var status: Int
    /// The `Retry-After` seconds sent with a 429; 1 when not given.
    public var retryAfter: Int?

    /// Why the fault cannot be used, or nil.
    var problem: String? {
        if count < 0 { return "count must not be negative" }
        if status != 429 && !(500...599).contains(status) { return "status must be 429 or 500-599" }
        if let retryAfter, retryAfter < 0 { return "retryAfter must not be negative" }
        return nil
    }
}
