import ServiceLifecycle
import Synchronization

/// Groups concurrent submissions into batches that one call handles together (group commit): callers that arrive
/// while a flush runs share the next one, so under load many callers pay for one round trip.
///
/// There is no timer: a submission starts a flush at once when fewer than `maxConcurrentFlushes` run, and waits for
/// the next free flusher otherwise. A flusher keeps taking whatever queued (at most `maxBatchSize` at a time) until
/// the queue is empty, so batches grow with the load and a lone caller is never delayed.
///
/// Flushes run as child tasks of `run()` (or `serve()`), never of a caller: a caller's cancellation (a request's
/// deadline) cannot cut short a batch that carries other callers' items, and the owner knows when the last flush
/// has ended. As a `Service`, the queue stops on graceful shutdown once everything submitted before it is flushed;
/// list it after the pools its flush uses, so that it stops before them. A submission made once it has stopped
/// throws `BatchQueueError.stopped`; one made before it first runs waits for it. It may be served again later.
public final class BatchQueue<Item: Sendable, Output: Sendable>: Service {
    /// Handles one batch; returns one output per item, in the items' order. A throw fails exactly that batch.
    public typealias Flush = @Sendable ([Item]) async throws -> [Output]

    private struct Waiter {
        var item: Item
        var continuation: CheckedContinuation<Output, any Error>
    }

    /// What became of a submission: refused (stopped), queued for a running flusher, or the start of a new one.
    private enum Admission {
        case refused
        case queued
        case startsFlusher(AsyncStream<Void>.Continuation)
    }

    private struct State {
        var pending: [Waiter] = []
        var runningFlushes = 0
        var stopped = false
        /// Where flushers are asked for while the queue is served; nil while it is not.
        var flusherRequests: AsyncStream<Void>.Continuation?
        /// Flushers asked for while the queue was not served yet, started when it is.
        var unstartedFlushers = 0
    }

    private let state = Mutex(State())
    private let maxBatchSize: Int
    private let maxConcurrentFlushes: Int
    private let flush: Flush

    /// Makes a queue that hands batches of at most `maxBatchSize` items to `flush`, with at most
    /// `maxConcurrentFlushes` flushes running at once. Nothing is flushed until `run()` or `serve()` runs.
    public init(maxBatchSize: Int = 512, maxConcurrentFlushes: Int = 4, flush: @escaping Flush) {
        precondition(maxBatchSize > 0 && maxConcurrentFlushes > 0, "a batch queue needs room for one item and one flush")
        self.maxBatchSize = maxBatchSize
        self.maxConcurrentFlushes = maxConcurrentFlushes
        self.flush = flush
    }

    /// Flushes until graceful shutdown, then until everything submitted before it is flushed.
    public func run() async {
        await withGracefulShutdownHandler {
            await serve()
        } onGracefulShutdown: {
            self.finish()
        }
    }

    /// Flushes until `finish()` is called, then until everything submitted before it is flushed. For an owner
    /// that runs the queue inside its own service and knows when its last submission has been made.
    public func serve() async {
        await serve(open())
    }

    /// Runs `body` while the queue is served, then finishes it and waits for its flushes: for an owner without a
    /// service group (a command-line tool). Items `body` submitted are answered before this returns.
    public func serving<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        // Opened here, not in the child task, so that `body` never finds the queue still stopped from a last use.
        let flushers = open()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.serve(flushers) }
            defer { finish() }
            return try await body()
        }
    }

    /// Takes submissions again, and returns the stream of flushers to start (one per element), which `finish()`
    /// ends; the flushers asked for before are in it already.
    private func open() -> AsyncStream<Void> {
        let (flushers, requests) = AsyncStream<Void>.makeStream(bufferingPolicy: .unbounded)
        let unstarted = state.withLock { state in
            state.stopped = false
            state.flusherRequests = requests
            defer { state.unstartedFlushers = 0 }
            return state.unstartedFlushers
        }
        for _ in 0..<unstarted { requests.yield() }
        return flushers
    }

    /// Starts a flusher for each element of `flushers`, until it ends and they have all returned.
    private func serve(_ flushers: AsyncStream<Void>) async {
        await withDiscardingTaskGroup { group in
            for await _ in flushers {
                group.addTask { await self.drain() }
            }
        }
        // Items no flusher took (the queue was cancelled, or a submission raced `finish()`) must not wait for ever.
        let stranded = state.withLock { state in
            state.stopped = true
            state.flusherRequests = nil
            state.runningFlushes = 0
            defer { state.pending = [] }
            return state.pending
        }
        fail(stranded, with: BatchQueueError.stopped)
    }

    /// Stops taking submissions; `run()` or `serve()` returns once what was submitted is flushed.
    public func finish() {
        let requests = state.withLock { state in
            state.stopped = true
            return state.flusherRequests
        }
        requests?.finish()
    }

    /// Queues `item` and returns its output once the batch that carried it has been flushed.
    ///
    /// A caller that is cancelled still waits: its item may already be on its way, and the answer says whether it
    /// got there.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let admission = state.withLock { state -> Admission in
                guard !state.stopped else { return .refused }
                state.pending.append(Waiter(item: item, continuation: continuation))
                guard state.runningFlushes < maxConcurrentFlushes else { return .queued }
                state.runningFlushes += 1
                guard let requests = state.flusherRequests else {
                    state.unstartedFlushers += 1
                    return .queued
                }
                return .startsFlusher(requests)
            }
            switch admission {
            case .refused: continuation.resume(throwing: BatchQueueError.stopped)
            case .queued: break
            case .startsFlusher(let requests): requests.yield()
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
