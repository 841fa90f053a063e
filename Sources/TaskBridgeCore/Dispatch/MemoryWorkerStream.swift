#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The dispatch stream and its one consumer group in memory, for unit tests: entries with ids that sort by when
/// they were added, each delivered once to one consumer, pending until acknowledged, taken over once idle.
public actor MemoryWorkerStream: WorkerStream {
    /// One entry and what the group did with it.
    public struct Entry: Sendable, Hashable {
        /// The entry's id, `milliseconds-sequence`.
        public var id: String
        /// The delivery it names (a task's first delivery has the task's id); nil for an entry without a readable one.
        public var deliveryID: UUID?
        /// The id of the request that sent the task, when the entry carries one.
        public var requestID: String?
        /// The consumer it was last given to; nil until it is read.
        public var consumer: String?
        /// How many times it was given to a consumer.
        public var deliveries = 0
        /// Whether a consumer acknowledged it.
        public var acknowledged = false
        /// When it was last given to a consumer.
        var deliveredAt: ContinuousClock.Instant?
    }

    /// How often a blocked read looks for new entries: a double needs no wake-ups.
    private static let pollInterval: Duration = .milliseconds(5)

    /// The `MAXLEN` every add trims to (exactly, where Redis trims about that); nil never trims.
    public nonisolated let maxLength: Int?
    /// Every entry still in the stream, oldest first.
    public private(set) var entries: [Entry] = []
    /// Entries before this index have been given to a consumer.
    private var nextUndelivered = 0
    private var lastID: (milliseconds: Int64, sequence: Int64) = (0, 0)

    /// An empty stream trimmed to `maxLength`.
    public init(maxLength: Int? = nil) {
        self.maxLength = maxLength
    }

    /// Adds an entry naming `deliveryID` (nil: one without a readable id), with `requestID` if given, and returns
    /// its id.
    @discardableResult
    public func append(deliveryID: UUID?, requestID: String? = nil) -> String {
        let milliseconds = max(Int64(Date().timeIntervalSince1970 * 1000), lastID.milliseconds)
        lastID = (milliseconds, milliseconds == lastID.milliseconds ? lastID.sequence + 1 : 0)
        let id = "\(lastID.milliseconds)-\(lastID.sequence)"
        entries.append(Entry(id: id, deliveryID: deliveryID, requestID: requestID))
        if let maxLength, entries.count > maxLength {
            let trimmed = entries.count - maxLength
            entries.removeFirst(trimmed)
            nextUndelivered = max(nextUndelivered - trimmed, 0)
        }
        return id
    }

    /// The ids of the entries given to a consumer and not acknowledged.
    public var pendingIDs: [String] {
        entries.filter { $0.consumer != nil && !$0.acknowledged }.map(\.id)
    }

    /// The ids of the entries acknowledged.
    public var acknowledgedIDs: [String] {
        entries.filter(\.acknowledged).map(\.id)
    }

    /// Adds one entry per id, each with its request id from `requestIDs` if it has one.
    public func enqueue(_ ids: [UUID], requestIDs: [UUID: String] = [:]) {
        for id in ids { append(deliveryID: id, requestID: requestIDs[id]) }
    }

    /// Gives `consumer` up to `count` entries no one was given yet, waiting up to `block` for one to be added.
    public func read(consumer: String, count: Int, block: Duration) async throws -> [DispatchDelivery] {
        let deadline = ContinuousClock.now + block
        while nextUndelivered == entries.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: Self.pollInterval)
        }
        let taken = nextUndelivered..<min(nextUndelivered + count, entries.count)
        nextUndelivered = taken.upperBound
        return taken.map { deliver(at: $0, to: consumer) }
    }

    /// Gives `consumer` up to `count` pending entries idle for `minIdle`, from the entry `cursor` on.
    public func claimIdle(consumer: String, minIdle: Duration, cursor: String, count: Int)
        -> (deliveries: [DispatchDelivery], cursor: String)
    {
        let idleSince = ContinuousClock.now - minIdle
        var deliveries: [DispatchDelivery] = []
        for index in entries.indices where Self.order(entries[index].id, isAtLeast: cursor) {
            let entry = entries[index]
            guard !entry.acknowledged, let deliveredAt = entry.deliveredAt, deliveredAt <= idleSince else { continue }
            guard deliveries.count < count else { return (deliveries, entry.id) }
            deliveries.append(deliver(at: index, to: consumer))
        }
        return (deliveries, "0-0")
    }

    /// Marks entries acknowledged.
    public func acknowledge(_ entryIDs: [String]) {
        let acknowledged = Set(entryIDs)
        for index in entries.indices where acknowledged.contains(entries[index].id) {
            entries[index].acknowledged = true
        }
    }

    /// Entries not yet given to a consumer, and entries given and not acknowledged.
    public func depth() -> DispatchStream.Depth? {
        DispatchStream.Depth(undelivered: entries.count - nextUndelivered, pending: pendingIDs.count)
    }

    /// When the oldest entry still in the stream was added.
    public func oldestEntryMilliseconds() -> Int64? {
        entries.first.flatMap { $0.id.split(separator: "-").first }.flatMap { Int64($0) }
    }

    private func deliver(at index: Int, to consumer: String) -> DispatchDelivery {
        entries[index].consumer = consumer
        entries[index].deliveries += 1
        entries[index].deliveredAt = .now
        return DispatchDelivery(
            entryID: entries[index].id, deliveryID: entries[index].deliveryID, requestID: entries[index].requestID)
    }

    /// Whether the entry id `id` is at or after `cursor`, comparing milliseconds, then sequence.
    private static func order(_ id: String, isAtLeast cursor: String) -> Bool {
        func parts(_ text: String) -> [Int64] { text.split(separator: "-").map { Int64($0) ?? 0 } }
        return parts(id).lexicographicallyPrecedes(parts(cursor)) == false
    }
}
