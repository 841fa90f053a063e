/// What `XPENDING stream group` returns: how many entries are delivered but not acknowledged, and by whom.
public struct RedisPendingSummary: Sendable, Equatable {
    /// The number of pending entries in the group.
    public let count: Int
    /// The smallest pending id, nil when nothing is pending.
    public let smallestID: String?
    /// The greatest pending id, nil when nothing is pending.
    public let greatestID: String?
    /// Pending entries per consumer name.
    public let consumers: [String: Int]

    /// A summary with the given parts.
    public init(count: Int, smallestID: String?, greatestID: String?, consumers: [String: Int]) {
        self.count = count
        self.smallestID = smallestID
        self.greatestID = greatestID
        self.consumers = consumers
    }
}
