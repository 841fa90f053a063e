/// A successful Trello answer: the decoded value and the rate-limit headers that came with it.
public struct TrelloReply<Value: Sendable>: Sendable {
    /// The decoded body.
    public var value: Value
    /// The response's rate-limit headers, when present.
    public var rateLimit: TrelloRateLimit?

    /// A reply from its parts.
    public init(value: Value, rateLimit: TrelloRateLimit?) {
        self.value = value
        self.rateLimit = rateLimit
    }
}
