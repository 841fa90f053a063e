import Foundation
import TaskBridgeCore
import Testing

/// The task table in memory answers claims, outcomes and the relay's queries as `TaskStore` does, so the worker's
/// unit tests stand on the same rules as the end-to-end ones.
@Suite(.timeLimit(.minutes(1))) struct MemoryDispatchRepositoryTests {
    private let tasks = MemoryDispatchRepository()
    private let settle = SettleWindow(settle: .seconds(30), requestTimeout: .seconds(10))

    private func claim(_ id: UUID, by owner: String = "w1") async -> ClaimedTask? {
        await tasks.claim([id, id], owner: owner, lease: .seconds(60), settle: settle).first
    }

    @Test func aTaskIsClaimedOnceUntilItsLeaseExpiresAndThenTheCardMayExist() async throws {
        let id = await tasks.accept(NewTask(type: "issue", title: "t", description: "d")).id
        let first = try #require(await claim(id))
        #expect(first.record.attempts == 1 && !first.cardMayExist && first.previousStatus == .queued)
        #expect(await claim(id, by: "w2") == nil)

        await tasks.advance(by: .seconds(61))
        let takeover = try #require(await claim(id, by: "w2"))
        #expect(takeover.previousStatus == .dispatching)
        #expect(takeover.cardMayExist)
        // The dead worker's create may land until `afterLeaseEnd` (20 s) past its lease, which ended 1 s ago.
        #expect(takeover.settlesIn > .seconds(18) && takeover.settlesIn <= .seconds(19))
        #expect(await tasks.history(of: id).last?.detail == "attempt 2, taking over an expired lease")
    }

    @Test func anOutcomeIsRecordedOnlyByTheLeaseHolder() async throws {
        let id = await tasks.accept(NewTask(type: "issue", title: "t", description: "d")).id
        _ = await claim(id)
        let done = DispatchOutcome(
            deliveryID: id, result: .done(cardID: "c1", cardURL: "u", assigneeID: nil, labelIDs: []), cardMayExist: false)
        #expect(try await tasks.record([done], owner: "w2", settle: settle).isEmpty)
        #expect(try await tasks.record([done], owner: "w1", settle: settle) == [id])
        let task = try #require(await tasks.task(id: id))
        #expect(task.status == .done && task.cardID == "c1" && task.leaseOwner == nil)
    }

    @Test func aReleaseGivesTheAttemptBackAndIsDueAfterItsDelay() async throws {
        let id = await tasks.accept(NewTask(type: "issue", title: "t", description: "d")).id
        _ = await claim(id)
        let release = DispatchOutcome(deliveryID: id, result: .release(reason: "r", delay: .seconds(5)), cardMayExist: false)
        _ = try await tasks.record([release], owner: "w1", settle: settle)
        #expect(await tasks.task(id: id)?.attempts == 0)
        #expect(await claim(id) == nil)
        await tasks.advance(by: .seconds(5))
        #expect(await claim(id) != nil)
    }

    @Test func theRelayFindsTasksThatCameDueSinceTheyWereEnqueued() async throws {
        let waiting = await tasks.accept(NewTask(type: "issue", title: "t", description: "d")).id
        let enqueued = await tasks.accept(NewTask(type: "issue", title: "t", description: "d")).id
        await tasks.advance(by: .milliseconds(1))
        await tasks.markEnqueued([enqueued])
        #expect(await tasks.dueForRelay(limit: 10, stuckAfter: nil, enqueuedBefore: nil) == [waiting])
        await tasks.advance(by: .seconds(10))
        let stuck = await tasks.dueForRelay(limit: 10, stuckAfter: .seconds(5), enqueuedBefore: nil)
        #expect(Set(stuck) == [waiting, enqueued])
        #expect(await tasks.forgetEnqueued() == 1)
    }
}
