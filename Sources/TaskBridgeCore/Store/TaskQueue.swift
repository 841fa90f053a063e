#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the API needs of the dispatch stream: putting the ids of committed tasks on it for the workers, each
/// with the id of the request that sent it when there is one, for the worker's log lines.
///
/// `DispatchStream` is the Redis one; `MemoryTaskQueue` records the ids in memory, and can be made to fail, for
/// unit tests.
public protocol TaskQueue: Sendable {
    /// Puts these task ids on the queue, each with its request id from `requestIDs` if it has one; throws if any
    /// may not have got there (putting one twice is harmless).
    func enqueue(_ ids: [UUID], requestIDs: [UUID: String]) async throws
}

extension TaskQueue {
    /// Puts these task ids on the queue without request ids (the relay, a retry).
    public func enqueue(_ ids: [UUID]) async throws {
        try await enqueue(ids, requestIDs: [:])
    }
}
