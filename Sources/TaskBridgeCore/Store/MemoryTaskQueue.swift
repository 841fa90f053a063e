#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A dispatch queue in memory, for unit tests: it keeps the ids it was given, in order, and can be made to fail
/// as Redis does when it is unreachable.
public actor MemoryTaskQueue: TaskQueue {
    /// Every id enqueued, in order, repeats included.
    public private(set) var enqueued: [UUID] = []
    /// The request id each enqueued task came with, by task id.
    public private(set) var requestIDs: [UUID: String] = [:]
    /// How many times `enqueue(_:)` was called, failed calls included.
    public private(set) var attempts = 0
    private var failure: (any Error)?

    /// An empty queue that accepts every id.
    public init() {}

    public func enqueue(_ ids: [UUID], requestIDs: [UUID: String]) throws {
        attempts += 1
        if let failure { throw failure }
        enqueued += ids
        self.requestIDs.merge(requestIDs) { $1 }
    }

    /// Makes every enqueue from now on throw `error` and keep nothing, until `recover()`.
    public func fail(with error: any Error) {
        failure = error
    }

    /// Makes enqueues succeed again.
    public func recover() {
        failure = nil
    }
}
