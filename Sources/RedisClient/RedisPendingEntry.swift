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

    /// A pending entry with the given parts.
    public init(id: String, consumer: String, idle: Duration, deliveryCount: Int) {
        self.id = id
        self.consumer = consumer
        self.idle = idle
        self.deliveryCount = deliveryCount
    }
}
