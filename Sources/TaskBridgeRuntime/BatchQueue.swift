import Synchronization

/// Groups concurrent submissions into batches that one call handles together (group commit): callers that arrive
/// while a flush runs share the next one, so under load many callers pay for one round trip.
///
/// There is no timer: a submission starts a flush at once when fewer than `maxConcurrentFlushes` run, and waits for
/// the next free flusher otherwise. A flusher keeps taking whatever queued (at most `maxBatchSize` at a time) until
/// the queue is empty, so batches grow with the load and a lone caller is never delayed.
public final class BatchQueue<Item: Sendable, Output: Sendable>: Sendable {
    /// Handles one batch; returns one output per item, in the items' order. A throw fails exactly that batch.
    public typealias Flush = @Sendable ([Item]) async throws -> [Output]

    private struct Waiter {
        var item: Item
        var continuation: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var pending: [Waiter] = []
        var runningFlushes = 0
    }

    private let state = Mutex(State())
    private let maxBatchSize: Int
    private let maxConcurrentFlushes: Int
    private let flush: Flush

    /// Makes a queue that hands batches of at most `maxBatchSize` items to `flush`, with at most
    /// `maxConcurrentFlushes` flushes running at once.
    public init(maxBatchSize: Int = 512, maxConcurrentFlushes: Int = 4, flush: @escaping Flush) {
        precondition(maxBatchSize > 0 && maxConcurrentFlushes > 0, "a batch queue needs room for one item and one flush")
        self.maxBatchSize = maxBatchSize
        self.maxConcurrentFlushes = maxConcurrentFlushes
        self.flush = flush
    }

    /// Queues `item` and returns its output once the batch that carried it has been flushed.
    ///
    /// A caller that is cancelled still waits: its item may already be on its way, and the answer says whether it
    /// got there.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startsFlusher = state.withLock { state in
                state.pending.append(Waiter(item: item, continuation: continuation))
                guard state.runningFlushes < maxConcurrentFlushes else { return false }
                state.runningFlushes += 1
                return true
            }
            if startsFlusher {
                Task { await self.drain() }
            }
        }
    }

    /// Flushes batches until nothing is pending, then retires this flusher.
    private func drain() async {
        while let batch = takeBatch() {
            do {
                let outputs = try await flush(batch.map(\.item))
                guard outputs.count == batch.count else {
                    fail(batch, with: BatchQueueError.outputCountMismatch(expected: batch.count, got: outputs.count))
                    continue
                }
                for (waiter, output) in zip(batch, outputs) {
                    waiter.continuation.resume(returning: output)
                }
            } catch {
                fail(batch, with: error)
            }
        }
    }

    private func takeBatch() -> [Waiter]? {
        state.withLock { state in
            guard !state.pending.isEmpty else {
                state.runningFlushes -= 1
                return nil
            }
            guard state.pending.count > maxBatchSize else {
                defer { state.pending = [] }
                return state.pending
            }
            let batch = Array(state.pending.prefix(maxBatchSize))
            state.pending.removeFirst(maxBatchSize)
            return batch
        }
    }

    private func fail(_ batch: [Waiter], with error: any Error) {
        for waiter in batch {
            waiter.continuation.resume(throwing: error)
        }
    }
}
