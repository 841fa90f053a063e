#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One stream entry handed to a worker: the entry to acknowledge, and the task it names.
public struct DispatchDelivery: Sendable, Hashable {
    /// The stream entry's id, for `XACK`.
    public var entryID: String
    /// The task id the entry carries; nil for an entry without a readable one (acknowledge and drop it).
    public var taskID: UUID?

    /// Makes a delivery.
    public init(entryID: String, taskID: UUID?) {
        self.entryID = entryID
        self.taskID = taskID
    }

    /// When the entry was added, read from its id (milliseconds since 1970, then a sequence number).
    public var enqueuedAt: Date? {
        guard let milliseconds = entryID.split(separator: "-").first.flatMap({ Int64($0) }) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
