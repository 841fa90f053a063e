#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the API needs of the dispatch stream: putting the ids of committed tasks on it for the workers.
///
/// `DispatchStream` is the Redis one; `MemoryTaskQueue` records the ids in memory, and can be made to fail, for
/// unit tests.
public protocol TaskQueue: Sendable {
    /// Puts these task ids on the queue; throws if any may not have got there (putting one twice is harmless).
    func enqueue(_ ids: [UUID]) async throws
}
