/// One line of the extended `XPENDING`: a delivered, unacknowledged entry and who holds it since when.
public struct RedisPendingEntry: Sendable, Equatable {
    /// The entry id.
    public let id: String
    /// The consumer the entry was last delivered to.
    public let consumer: String
    /// How long ago it was last delivered.
    public let idle: Duration
    /// How many times it was delivered.
    public let deliveryCount: Int
}
