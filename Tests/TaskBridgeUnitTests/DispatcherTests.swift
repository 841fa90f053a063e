import Foundation
import ServiceLifecycle
import Synchronization
import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing
import TestSupport
import Trello

/// The dispatch loop on a stream, a task table and a board in memory: it claims what it reads, records each
/// outcome, acknowledges each entry once, skips what it cannot claim, and stops on a graceful shutdown.
@Suite(.timeLimit(.minutes(1))) struct DispatcherTests {
    private let bench = WorkerBench()
    private let tasks = MemoryDispatchRepository()
    private let stream = MemoryWorkerStream()

    private func dispatcher(shutdownGrace: Duration = .seconds(5)) -> Dispatcher {
        Dispatcher(
            stream: stream, store: tasks, maker: bench.maker, trello: bench.gateway, fleet: bench.fleet,
            owner: "worker-1", concurrency: 4, lease: .seconds(60), requestTimeout: .seconds(10),
            settle: WorkerBench.settle, shutdownGrace: shutdownGrace, metrics: bench.metrics,
            logger: WorkerBench.logger)
    }

    /// Runs `dispatcher` while `body` runs, then shuts it down gracefully and waits for it to stop.
    private func running(_ dispatcher: Dispatcher, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [dispatcher], logger: WorkerBench.logger)
        try await withThrowingTaskGroup(of: Void.self) { running in
            running.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await running.waitForAll()
        }
    }

    private func accept(_ count: Int) async -> [UUID] {
        var ids: [UUID] = []
        for index in 0..<count {
            ids.append(await tasks.accept(NewTask(type: "issue", title: "Task \(index)", description: "d")).id)
        }
        return ids
    }

    private func allDone(_ ids: [UUID]) async -> Bool {
        for id in ids where await tasks.task(id: id)?.status != .done { return false }
        return true
    }

    @Test func everyTaskReadBecomesOneCardAndItsEntryIsAcknowledgedOnceRecorded() async throws {
        let ids = await accept(10)
        await stream.enqueue(ids)
        try await running(dispatcher()) {
            try await eventually("every task is done") { await allDone(ids) }
            try await eventually("nothing is pending") { await stream.pendingIDs.isEmpty }
        }
        let cards = await bench.trello.cards
        #expect(Set(cards.compactMap { CardFooter.taskID(in: $0.desc) }) == Set(ids))
        #expect(cards.count == ids.count)
        #expect(await stream.acknowledgedIDs.count == ids.count)
        #expect(await stream.entries.allSatisfy { $0.deliveries == 1 })
        for id in ids {
            #expect(await tasks.task(id: id)?.cardID == cards.first { CardFooter.taskID(in: $0.desc) == id }?.id)
        }
    }

    @Test func entriesItCannotClaimAreAcknowledgedWithoutATrelloRequest() async throws {
        let done = await accept(1)[0]
        await stream.enqueue([done])
        try await running(dispatcher()) {
            try await eventually("the claimable task is done") { await allDone([done]) }
            // A duplicate of a finished task, an entry without a task id, and an id the table does not know.
            await stream.enqueue([done])
            await stream.append(deliveryID: nil)
            await stream.enqueue([UUID()])
            try await eventually("all four entries are acknowledged") { await stream.acknowledgedIDs.count == 4 }
        }
        #expect(await bench.count(.createCard) == 1)
        #expect(await stream.pendingIDs.isEmpty)
    }

    @Test func nothingIsClaimedWhileTheFleetIsPausedAndEverythingOnceItResumes() async throws {
        let ids = await accept(3)
        await bench.fleet.pause(reason: "test")
        await stream.enqueue(ids)
        try await running(dispatcher()) {
            // A paused dispatcher neither reads nor claims: the entries stay undelivered.
            try await Task.sleep(for: .milliseconds(300))
            #expect(await stream.depth()?.undelivered == 3)
            #expect(await tasks.task(id: ids[0])?.attempts == 0)
            await bench.fleet.resume()
            try await eventually("every task is done") { await allDone(ids) }
        }
    }

    @Test func anOutcomeOfATaskAnotherWorkerTookOverIsNotRecordedButItsEntryIsAcknowledged() async throws {
        let id = await accept(1)[0]
        let tasks = tasks
        // While this worker makes the card, its lease runs out and another worker claims the task.
        await bench.trello.beforeEachRequest { operation in
            guard operation == .createCard else { return }
            await tasks.advance(by: .seconds(61))
            _ = await tasks.claim([id], owner: "worker-2", lease: .seconds(60), settle: WorkerBench.settle)
        }
        await stream.enqueue([id])
        try await running(dispatcher()) {
            try await eventually("the entry is acknowledged") { await stream.acknowledgedIDs.count == 1 }
        }
        let task = try #require(await tasks.task(id: id))
        #expect(task.status == .dispatching)
        #expect(task.leaseOwner == "worker-2")
        #expect(await tasks.cardMayExist(id: id), "worker-2 looks for the card this worker made")
    }

    @Test func anOutcomeThatCannotBeRecordedLeavesItsEntryPending() async throws {
        let id = await accept(1)[0]
        await tasks.failRecording(with: CancellationError())
        await stream.enqueue([id])
        try await running(dispatcher()) {
            try await eventually("the record was refused") { await tasks.refusedRecords == 1 }
        }
        #expect(await stream.pendingIDs.count == 1)
        #expect(await stream.acknowledgedIDs.isEmpty)
        #expect(await tasks.task(id: id)?.status == .dispatching)
    }

    @Test func aGracefulShutdownStopsReadingAndLeavesATaskCutOffForAnAttemptThatLooksFirst() async throws {
        let id = await accept(1)[0]
        let started = Mutex(false)
        // The create hangs until the dispatcher gives up on it.
        await bench.trello.beforeEachRequest { operation in
            guard operation == .createCard else { return }
            started.withLock { $0 = true }
            try? await Task.sleep(for: .seconds(3600))
        }
        await stream.enqueue([id])
        try await running(dispatcher(shutdownGrace: .zero)) {
            try await eventually("the create has started") { started.withLock { $0 } }
        }
        let task = try #require(await tasks.task(id: id))
        #expect(task.status == .retrying)
        #expect(await tasks.cardMayExist(id: id), "the next attempt looks for the card before making one")
        #expect(await bench.trello.cards.isEmpty)
        #expect(await stream.acknowledgedIDs.count == 1)
    }
}
