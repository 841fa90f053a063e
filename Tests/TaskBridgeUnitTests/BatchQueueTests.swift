import Synchronization
import TaskBridgeRuntime
import Testing

/// Group commit: callers that arrive while a flush runs share the next one, in batches of at most `maxBatchSize`,
/// with at most `maxConcurrentFlushes` flushes at once, and each caller gets its own item's answer.
@Suite(.timeLimit(.minutes(1))) struct BatchQueueTests {
    /// A flush that records every batch it is given, holds each at `gate` until the test opens it, and answers each
    /// item with itself times ten, unless `failing` says the batch fails.
    private final class Flusher: Sendable {
        let gate = Gate()
        private let failing: @Sendable ([Int]) -> (any Error)?
        private let state = Mutex((batches: [[Int]](), running: 0, mostRunning: 0))

        init(failing: @escaping @Sendable ([Int]) -> (any Error)? = { _ in nil }) {
            self.failing = failing
        }

        /// The batches flushed so far, in the order they started.
        var batches: [[Int]] { state.withLock { $0.batches } }
        /// The most flushes that were running at once.
        var mostRunning: Int { state.withLock { $0.mostRunning } }

        func flush(_ items: [Int]) async throws -> [Int] {
            state.withLock { state in
                state.batches.append(items)
                state.running += 1
                state.mostRunning = max(state.mostRunning, state.running)
            }
            await gate.pass()
            state.withLock { $0.running -= 1 }
            if let error = failing(items) { throw error }
            return items.map { $0 * 10 }
        }
    }

    private struct Refused: Error, Equatable {}

    /// Submits `items` in this order while the flush of `first` is held, then opens the gate; returns each item's
    /// answer, by item.
    private func submitBehindABusyFlush(
        first: Int, _ items: [Int], to queue: BatchQueue<Int, Int>, flusher: Flusher
    ) async throws -> [Int: Result<Int, Refused>] {
        let serial = SerialTaskExecutor()
        return try await withRunning(queue) { queue async throws in
            await withTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
                for item in [first] + items {
                    group.addTask(executorPreference: serial) {
                        do {
                            return (item, .success(try await queue.submit(item)))
                        } catch {
                            return (item, .failure(error as? Refused ?? Refused()))
                        }
                    }
                    // The first item's flush must be running before the others arrive.
                    if item == first { await flusher.gate.arrivals(1) }
                }
                await serial.settle()
                flusher.gate.open()
                var answers: [Int: Result<Int, Refused>] = [:]
                for await (item, answer) in group { answers[item] = answer }
                return answers
            }
        }
    }

    @Test func callersArrivingDuringAFlushShareTheNextOne() async throws {
        let flusher = Flusher()
        let queue = BatchQueue<Int, Int>(maxBatchSize: 100, maxConcurrentFlushes: 1, flush: flusher.flush)
        let answers = try await submitBehindABusyFlush(first: 0, Array(1...20), to: queue, flusher: flusher)
        #expect(flusher.batches == [[0], Array(1...20)])
        #expect(answers == Dictionary(uniqueKeysWithValues: (0...20).map { ($0, .success($0 * 10)) }))
    }

    @Test func batchesHoldAtMostMaxBatchSizeItemsInArrivalOrder() async throws {
        let flusher = Flusher()
        let queue = BatchQueue<Int, Int>(maxBatchSize: 4, maxConcurrentFlushes: 1, flush: flusher.flush)
        _ = try await submitBehindABusyFlush(first: 0, Array(1...10), to: queue, flusher: flusher)
        #expect(flusher.batches == [[0], [1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
    }

    @Test func aThrowingFlushFailsExactlyItsOwnBatch() async throws {
        let flusher = Flusher { $0.contains(5) ? Refused() : nil }
        let queue = BatchQueue<Int, Int>(maxBatchSize: 3, maxConcurrentFlushes: 1, flush: flusher.flush)
        let answers = try await submitBehindABusyFlush(first: 0, Array(1...9), to: queue, flusher: flusher)
        #expect(flusher.batches == [[0], [1, 2, 3], [4, 5, 6], [7, 8, 9]])
        for item in 0...9 {
            #expect(answers[item] == ((4...6).contains(item) ? .failure(Refused()) : .success(item * 10)), "item \(item)")
        }
    }

    @Test func aFlushThatLosesAnOutputFailsItsBatchAndTheQueueGoesOn() async throws {
        // A flush that drops item 1's output: its batch cannot be matched to its callers.
        let queue = BatchQueue<Int, Int>(maxBatchSize: 8, maxConcurrentFlushes: 1) { items in items.filter { $0 != 1 } }
        try await withRunning(queue) { queue async throws in
            let error = await #expect(throws: BatchQueueError.self) { try await queue.submit(1) }
            #expect(error?.description == "a batch flush returned 0 outputs for 1 items")
            #expect(try await queue.submit(2) == 2)
        }
    }

    @Test func noMoreThanMaxConcurrentFlushesRunAtOnce() async throws {
        let flusher = Flusher()
        let queue = BatchQueue<Int, Int>(maxBatchSize: 100, maxConcurrentFlushes: 2, flush: flusher.flush)
        let serial = SerialTaskExecutor()
        try await withRunning(queue) { queue async throws in
            await withTaskGroup(of: Void.self) { group in
                for item in 0..<10 {
                    group.addTask(executorPreference: serial) { _ = try? await queue.submit(item) }
                    // Each of the first two starts a flush of its own; the rest wait for one to finish.
                    if item < 2 { await flusher.gate.arrivals(item + 1) }
                }
                await serial.settle()
                flusher.gate.open()
            }
        }
        #expect(flusher.mostRunning == 2)
        #expect(flusher.batches.prefix(2) == [[0], [1]])
        #expect(flusher.batches.dropFirst(2) == [Array(2..<10)])
    }

    @Test func aCancelledCallerStillGetsItsItemsAnswer() async throws {
        let flusher = Flusher()
        let queue = BatchQueue<Int, Int>(maxBatchSize: 8, maxConcurrentFlushes: 1, flush: flusher.flush)
        try await withRunning(queue) { queue async throws in
            let caller = Task { try await queue.submit(7) }
            await flusher.gate.arrivals(1)
            caller.cancel()
            flusher.gate.open()
            #expect(try await caller.value == 70)
        }
    }

    @Test func finishingFlushesWhatWasSubmittedThenRefusesMore() async throws {
        let flusher = Flusher()
        let queue = BatchQueue<Int, Int>(maxBatchSize: 2, maxConcurrentFlushes: 1, flush: flusher.flush)
        let serial = SerialTaskExecutor()
        let answers = await withTaskGroup(of: (Int, Int?).self) { group in
            group.addTask { await queue.serve(); return (-1, nil) }
            for item in 0..<5 {
                group.addTask(executorPreference: serial) { (item, try? await queue.submit(item)) }
                if item == 0 { await flusher.gate.arrivals(1) }
            }
            await serial.settle()
            // Stopped with the first flush held and four items waiting: all five are still flushed.
            queue.finish()
            await #expect(throws: BatchQueueError.self) { try await queue.submit(99) }
            flusher.gate.open()
            return await group.reduce(into: [Int: Int?]()) { $0[$1.0] = $1.1 }
        }
        #expect(flusher.batches == [[0], [1, 2], [3, 4]])
        #expect(answers == [-1: nil, 0: 0, 1: 10, 2: 20, 3: 30, 4: 40])
    }

    @Test func aSubmissionToAStoppedQueueFailsAtOnce() async throws {
        let queue = BatchQueue<Int, Int>(maxBatchSize: 8, maxConcurrentFlushes: 1) { $0 }
        try await withRunning(queue) { queue async throws in #expect(try await queue.submit(1) == 1) }
        let error = await #expect(throws: BatchQueueError.self) { try await queue.submit(2) }
        #expect(error?.description == "the batch queue has stopped; the item was not flushed")
    }
}
