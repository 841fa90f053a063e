#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One stream entry handed to a worker: the entry to acknowledge, the task it names and the request that sent it.
public struct DispatchDelivery: Sendable, Hashable {
    /// The stream entry's id, for `XACK`.
    public var entryID: String
    /// The id the entry carries: a delivery's, which for a task's first delivery is the task's own id; nil for an
    /// entry without a readable one (acknowledge and drop it).
    public var deliveryID: UUID?
    /// The id of the API request that sent the task, for the worker's log lines; nil when the entry has none.
    public var requestID: String?

    /// Makes a delivery.
    public init(entryID: String, deliveryID: UUID?, requestID: String? = nil) {
        self.entryID = entryID
        self.deliveryID = deliveryID
        self.requestID = requestID
    }

    /// When the entry was added, read from its id (milliseconds since 1970, then a sequence number).
    public var enqueuedAt: Date? {
        guard let milliseconds = entryID.split(separator: "-").first.flatMap({ Int64($0) }) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
