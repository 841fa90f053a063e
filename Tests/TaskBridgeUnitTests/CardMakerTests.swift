import Foundation
import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing
import Trello

/// One attempt at a task, on a board in memory: the first creates, an unknown outcome makes the next attempt look
/// first, and no second create is sent while the first may still land.
@Suite(.timeLimit(.minutes(1))) struct CardMakerTests {
    private let bench = WorkerBench()
    private let tasks = MemoryDispatchRepository()

    /// Claims the task as a worker would, dispatches it and records the outcome.
    private func attempt(_ task: TaskRecord) async throws -> DispatchOutcome {
        let claimedAt = ContinuousClock.now
        let claimed = try #require(
            await tasks.claim([task.id], owner: "w1", lease: .seconds(60), settle: WorkerBench.settle).first)
        let outcome = await bench.maker.dispatch(claimed, claimedAt: claimedAt)
        #expect(try await tasks.record([outcome], owner: "w1", settle: WorkerBench.settle) == [task.id])
        return outcome
    }

    @Test func aFirstAttemptCreatesTheCardWithoutLookingFirst() async throws {
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        let outcome = try await attempt(task)
        let card = try #require(await bench.trello.cards.first)
        #expect(outcome.result.cardID == card.id)
        #expect(card.name == "Login fails")
        #expect(CardFooter.taskID(in: card.desc) == task.id)
        #expect(!outcome.cardMayExist)
        #expect(await bench.count(.lookupCards) == 0)
        #expect(await tasks.task(id: task.id)?.status == .done)
    }

    @Test func afterAnUnknownOutcomeTheNextAttemptFindsTheCardInsteadOfMakingAnother() async throws {
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        await bench.trello.fail(.createCard, with: .timeout(applied: true))
        let first = try await attempt(task)
        #expect(first.cardMayExist)
        #expect(first.unknownCreate != nil)
        guard case .retry(_, let delay) = first.result else {
            Issue.record("an unknown outcome is retried, got \(first.result)")
            return
        }
        await tasks.advance(by: delay)

        let second = try await attempt(task)
        let cards = await bench.trello.cards
        #expect(cards.count == 1)
        #expect(second.result.cardID == cards.first?.id)
        #expect(!second.cardMayExist)
        #expect(await bench.count(.createCard) == 1)
        #expect(await bench.count(.boardCards(.all)) == 1)
    }

    @Test func aCardNotFoundWhileAnEarlierCreateMayLandIsReleasedUntilItCannot() async throws {
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        await bench.trello.fail(.createCard, with: .timeout(applied: false))
        guard case .retry(_, let delay) = try await attempt(task).result else {
            Issue.record("an unknown outcome is retried")
            return
        }
        await tasks.advance(by: delay)

        let second = try await attempt(task)
        let wait = try #require(second.result.releaseDelay, "released, got \(second.result)")
        #expect(wait > .zero && wait <= WorkerBench.settle.settle)
        #expect(second.cardMayExist)
        #expect(await bench.count(.createCard) == 1)
        #expect(await bench.trello.cards.isEmpty)
        // Released, not counted: the attempt spent nothing of the task's budget.
        #expect(await tasks.task(id: task.id)?.attempts == 1)
    }

    @Test func aCardNotFoundOnceTheCreateCanNoLongerLandIsCreatedAfterTheLookup() async throws {
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        await bench.trello.fail(.createCard, with: .timeout(applied: false))
        _ = try await attempt(task)
        await tasks.advance(by: WorkerBench.settle.settle + .seconds(1))

        let second = try await attempt(task)
        let card = try #require(await bench.trello.cards.first)
        #expect(second.result.cardID == card.id)
        let order = await bench.trello.requests.map(\.operation).filter { $0 != .lists && $0 != .labels && $0 != .members }
        #expect(order == [.createCard, .boardCards(.all), .createCard])
    }

    @Test func trellosRefusalOfTheTaskFailsIt() async throws {
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        await bench.trello.fail(.createCard, with: .status(400, message: "invalid value for name"))
        let outcome = try await attempt(task)
        guard case .fail(let error) = outcome.result else {
            Issue.record("a refusal fails the task, got \(outcome.result)")
            return
        }
        #expect(error.contains("invalid value for name"))
        #expect(await tasks.task(id: task.id)?.status == .failed)
        #expect(await bench.count(.createCard) == 1)
    }

    @Test func anIDOfTheBoardTrelloRejectsIsTriedOnceMoreAfterRefreshingTheBoard() async throws {
        let gone = TrelloError(operation: .createCard, status: 404, message: "could not find the board that the card belongs to")
        #expect(CardMaker.rejectsBoardID(gone))
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        await bench.trello.fail(.createCard, with: .status(404, message: gone.message))
        #expect(try await attempt(task).result.cardID != nil)
        #expect(await bench.count(.createCard) == 2)

        let other = await tasks.accept(NewTask(type: "issue", title: "Still gone", description: "Steps"))
        await bench.trello.fail(
            .createCard, with: .status(404, message: gone.message), .status(404, message: gone.message))
        guard case .fail = try await attempt(other).result else {
            Issue.record("a second refusal after the refresh fails the task")
            return
        }
        #expect(await bench.count(.createCard) == 4)
    }

    @Test func refusedCredentialsReleaseTheTaskUncountedAndPauseTheFleet() async throws {
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        await bench.trello.fail(.createCard, with: .refusedCredentials)
        let outcome = try await attempt(task)
        #expect(outcome.result.releaseDelay == .zero)
        #expect(outcome.result.reason?.contains("credentials") == true)
        #expect(await bench.fleet.isPaused)
        #expect(bench.redis.value("test:fleet") != nil, "the pause is published for the fleet")
        #expect(await tasks.task(id: task.id)?.attempts == 0)
        #expect(await tasks.task(id: task.id)?.status == .queued)
    }

    @Test func aCreateThatCouldNotFinishWithinTheLeaseIsNotSent() async throws {
        let bench = WorkerBench(lease: .seconds(5))
        let task = await tasks.accept(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        let claimed = try #require(
            await tasks.claim([task.id], owner: "w1", lease: .seconds(5), settle: WorkerBench.settle).first)
        let outcome = await bench.maker.dispatch(claimed, claimedAt: .now)
        #expect(outcome.result.releaseDelay == .zero)
        #expect(await bench.count(.createCard) == 0)
    }
}
