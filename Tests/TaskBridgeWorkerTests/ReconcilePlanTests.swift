import Foundation
import TaskBridgeCore
import Testing
import Trello

@testable import TaskBridgeWorker

/// The reconciler's decisions, from plain values: no servers.
@Suite(.timeLimit(.minutes(1))) struct ReconcilePlanTests {
    /// The second the listing starts from in these tests.
    static let listed: Int64 = 1_750_000_000

    /// A card id made `offset` seconds after the listing's start (negative: before it), `n` apart within it.
    static func cardID(_ offset: Int64, _ n: Int = 0) -> String {
        let hex = String(listed + offset, radix: 16)
        let sequence = String(n, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex + String(repeating: "0", count: 16 - sequence.count)
            + sequence
    }

    static func plan(_ cards: [ReconcileCard], _ tasks: [TaskCardRecord], recreate: Bool = false) -> [ReconcileStep] {
        ReconcilePlan(cards: cards, tasks: tasks, listedFromSecond: listed, recreate: recreate).steps
    }

    let task = UUID()
    let a = Self.cardID(10, 1)
    let b = Self.cardID(10, 2)
    let c = Self.cardID(20, 3)

    func done(_ card: String?, closed: Bool = false, deleted: Bool = false, settled: Bool = true) -> TaskCardRecord {
        TaskCardRecord(id: task, status: .done, cardID: card, cardClosed: closed, cardDeleted: deleted, settled: settled)
    }

    func card(_ id: String, closed: Bool = false, of taskID: UUID? = nil) -> ReconcileCard {
        ReconcileCard(id: id, url: "https://trello.com/c/\(id)", closed: closed, taskID: taskID ?? task)
    }

    @Test func aDoneTaskWithItsOneCardNeedsNothing() {
        #expect(Self.plan([card(a)], [done(a)]).isEmpty)
    }

    @Test func duplicatesOfADoneTaskAreArchivedKeepingTheRecordedCard() {
        let steps = Self.plan([card(a), card(b), card(c)], [done(b)])
        #expect(steps == [.archiveDuplicates(taskID: task, keep: b, archive: [a, c])])
    }

    @Test func whenTheRecordedCardIsArchivedTheLowestOpenOneIsKept() {
        let steps = Self.plan([card(a, closed: true), card(b), card(c)], [done(a)])
        #expect(steps == [
            .record(taskID: task, cardID: a, change: .archived),
            .archiveDuplicates(taskID: task, keep: b, archive: [c]),
        ])
    }

    @Test(arguments: [TaskStatus.queued, .dispatching, .retrying])
    func aTaskStillOnItsWayIsLeftAloneWhateverItsCards(_ status: TaskStatus) {
        let steps = Self.plan([card(a), card(b)], [TaskCardRecord(id: task, status: status)])
        #expect(steps == [.unsettled(taskID: task, status: status, openCards: [a, b])])
        #expect(steps.allSatisfy { !$0.changesSomething })
    }

    @Test func aTaskDoneAfterThePassBeganIsLeftAlone() {
        #expect(Self.plan([card(a), card(b)], [done(b, settled: false)])
            == [.unsettled(taskID: task, status: .done, openCards: [a, b])])
        // Nor is its card missing from the listing taken for deleted: it may have been made after the listing.
        #expect(Self.plan([], [done(a, settled: false)]).isEmpty)
    }

    @Test func aGoneCardIsReplacedByTheLowestOpenCardWithTheFooterAndTheOtherDuplicatesArchived() {
        let steps = Self.plan([card(b), card(c)], [done(a)])
        #expect(steps == [
            .adopt(taskID: task, missing: a, card: card(b)),
            .archiveDuplicates(taskID: task, keep: b, archive: [c]),
        ])
    }

    @Test func aGoneCardIsReplacedByAnArchivedOneWhenNoOpenOneCarriesTheFooter() {
        #expect(Self.plan([card(b, closed: true)], [done(a)], recreate: true)
            == [.adopt(taskID: task, missing: a, card: card(b, closed: true))])
    }

    @Test func aGoneCardIsRecordedOnceAndRecreatedOnlyWhenAskedAndNeverWhenLastSeenArchived() {
        #expect(Self.plan([], [done(a)]) == [.record(taskID: task, cardID: a, change: .deleted)])
        #expect(Self.plan([], [done(a, deleted: true)]).isEmpty)
        #expect(Self.plan([], [done(a)], recreate: true) == [.recreate(taskID: task, missing: a)])
        // Recorded as deleted while recreation was off, then turned on: recreated now.
        #expect(Self.plan([], [done(a, deleted: true)], recreate: true) == [.recreate(taskID: task, missing: a)])
        // Archived, then deleted: a person's decision, never undone.
        #expect(Self.plan([], [done(a, closed: true)], recreate: true) == [.record(taskID: task, cardID: a, change: .deleted)])
        #expect(Self.plan([], [done(a, closed: true, deleted: true)], recreate: true).isEmpty)
    }

    @Test func archivingAndUnarchivingAreRecordedOnce() {
        #expect(Self.plan([card(a, closed: true)], [done(a)]) == [.record(taskID: task, cardID: a, change: .archived)])
        #expect(Self.plan([card(a, closed: true)], [done(a, closed: true)], recreate: true).isEmpty)
        #expect(Self.plan([card(a)], [done(a, closed: true)]) == [.record(taskID: task, cardID: a, change: .unarchived)])
        #expect(Self.plan([card(a)], [done(a, deleted: true)]) == [.record(taskID: task, cardID: a, change: .reappeared)])
    }

    @Test func aRecordedCardOlderThanTheListingIsNotTakenForGone() {
        let old = Self.cardID(-5, 9)
        #expect(Self.plan([], [done(old)], recreate: true).isEmpty)
        #expect(Self.plan([card(b), card(c)], [done(old)]) == [.archiveDuplicates(taskID: task, keep: b, archive: [c])])
        // An id that does not say when it was made is not judged either.
        #expect(Self.plan([], [done("not-a-trello-id")], recreate: true).isEmpty)
    }

    @Test func unknownFootersAndFailedTasksCardsAreReportedOnly() {
        let stranger = UUID()
        let failed = TaskCardRecord(id: task, status: .failed)
        let steps = Self.plan([card(a), card(b, of: stranger)], [failed])
        #expect(steps == [.failedTaskCard(card(a)), .unknownCard(card(b, of: stranger))])
        #expect(steps.allSatisfy { !$0.changesSomething })
    }

    @Test func linesSayWhatWasDoneOrWouldBe() {
        let step = ReconcileStep.archiveDuplicates(taskID: task, keep: a, archive: [b, c])
        let id = task.uuidString.lowercased()
        #expect(step.line(.done) == "duplicate task \(id): 3 open cards carry its footer; archived cards \(b), \(c), kept \(a)")
        #expect(step.line(.planned) == "duplicate task \(id): 3 open cards carry its footer; would archive cards \(b), \(c) and keep \(a)")
        #expect(step.eventDetail == "reconciler: archived duplicate cards \(b), \(c); kept \(a)")
        let unknown = ReconcileStep.unknownCard(card(a))
        #expect(unknown.line(.planned).hasPrefix("unknown card \(a): its footer names task \(id)"))
        #expect(unknown.line(.planned).hasSuffix("left alone"))
    }

    @Test func onlyCardsWithAFooterAreTheBridges() {
        let ours = TrelloCard(id: a, name: "x", desc: CardFooter.cardDescription(body: "body", taskID: task), idList: "l")
        let theirs = TrelloCard(id: b, name: "y", desc: "a card someone made", idList: "l", closed: true)
        #expect(ReconcileCard(ours)?.taskID == task)
        #expect(ReconcileCard(theirs) == nil)
        #expect(ReconcileCard.creationSecond(of: a) == Self.listed + 10)
    }
}
