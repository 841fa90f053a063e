#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The dispatch stream as the workers use it: one consumer group's reads, takeovers and acknowledgements, its
/// backlog, and the relay's re-adds. `DispatchStream` keeps it in Redis, `MemoryWorkerStream` in memory for unit
/// tests.
public protocol WorkerStream: Sendable {
    /// The approximate length every add trims the stream to; nil never trims.
    var maxLength: Int? { get }

    /// Waits up to `block` for up to `count` entries no consumer was given yet, and gives them to `consumer`.
    /// One read at a time.
    func read(consumer: String, count: Int, block: Duration) async throws -> [DispatchDelivery]

    /// Gives `consumer` up to `count` entries another consumer has not acknowledged for `minIdle`, scanning from
    /// `cursor`; returns them and the cursor to go on from ("0-0" once the scan wrapped).
    func claimIdle(consumer: String, minIdle: Duration, cursor: String, count: Int) async throws
        -> (deliveries: [DispatchDelivery], cursor: String)

    /// Acknowledges entries, so the group forgets them.
    func acknowledge(_ entryIDs: [String]) async throws

    /// The group's backlog; nil when the stream or the group does not exist.
    func depth() async throws -> DispatchStream.Depth?

    /// When the oldest entry still in the stream was added, in milliseconds since 1970; nil when it is empty.
    func oldestEntryMilliseconds() async throws -> Int64?

    /// Adds one entry per id, each with its request id from `requestIDs` if it has one.
    func enqueue(_ ids: [UUID], requestIDs: [UUID: String]) async throws
}
