import Foundation
import TaskBridgeCore

/// What one reconcile pass does, decided from plain values alone: the board's cards made since the listing began
/// (those with a footer) and the tasks PostgreSQL holds for the window and for those footers.
///
/// The rules, per task:
/// - **done before the pass began** (`settled`): its recorded card is compared.
///   - Two or more open cards carry its footer: the recorded card is kept if it is one of them, else the lowest id,
///     and the others are archived.
///   - The recorded card is listed: archived or open again, or back after being found gone, is recorded once.
///   - The recorded card is not listed although the listing covers the second it was made in: it is gone. Another
///     card carrying the footer is adopted (the lowest open one, else the lowest archived one). Without one, the
///     task is queued again for one new card when `recreate` is on and the card was not last seen archived (an
///     archived card is never recreated), or else the loss is recorded, once.
///   - The recorded card is older than the listing: only duplicates among the listed cards can be seen.
/// - **still on its way** (queued, dispatching, retrying, or done during the pass): a worker may yet record any of
///   its cards, so it is left alone; two or more open cards are reported.
/// - **failed** with a card: reported.
/// Cards whose footer names no task PostgreSQL knows are reported; cards without a footer are not the bridge's.
struct ReconcilePlan: Sendable, Hashable {
    /// The differences, by task id (then card id), unknown cards last.
    var steps: [ReconcileStep]

    /// The plan for `cards` (the listing's cards with a footer) and `tasks`; `listedFromSecond` is the creation
    /// second (Unix time) the listing started from, `recreate` is `RECONCILE_RECREATE`.
    init(cards: [ReconcileCard], tasks: [TaskCardRecord], listedFromSecond: Int64, recreate: Bool) {
        let byTask = Dictionary(grouping: cards, by: \.taskID).mapValues { $0.sorted { $0.id < $1.id } }
        var steps: [ReconcileStep] = []
        for task in tasks.sorted(by: { $0.id.uuidString < $1.id.uuidString }) {
            let found = byTask[task.id] ?? []
            switch task.status {
            case .done where task.settled:
                steps += Self.compare(task, found, listedFromSecond: listedFromSecond, recreate: recreate)
            case .failed:
                steps += found.map(ReconcileStep.failedTaskCard)
            default:
                let open = found.filter { !$0.closed }.map(\.id)
                if open.count >= 2 { steps.append(.unsettled(taskID: task.id, status: task.status, openCards: open)) }
            }
        }
        let known = Set(tasks.map(\.id))
        steps += cards.filter { !known.contains($0.taskID) }.sorted { $0.id < $1.id }.map(ReconcileStep.unknownCard)
        self.steps = steps
    }

    /// The steps for a task done before the pass began, given the cards carrying its footer, lowest id first.
    private static func compare(
        _ task: TaskCardRecord, _ found: [ReconcileCard], listedFromSecond: Int64, recreate: Bool
    ) -> [ReconcileStep] {
        let open = found.filter { !$0.closed }
        var steps: [ReconcileStep] = []
        func archiveDuplicates(keeping keep: ReconcileCard) {
            let others = open.map(\.id).filter { $0 != keep.id }
            if !others.isEmpty { steps.append(.archiveDuplicates(taskID: task.id, keep: keep.id, archive: others)) }
        }

        if let recorded = task.cardID, let card = found.first(where: { $0.id == recorded }) {
            if task.cardDeleted { steps.append(.record(taskID: task.id, cardID: recorded, change: .reappeared)) }
            if card.closed != task.cardClosed {
                steps.append(.record(taskID: task.id, cardID: recorded, change: card.closed ? .archived : .unarchived))
            }
            if let keep = card.closed ? open.first : Optional(card) { archiveDuplicates(keeping: keep) }
            return steps
        }

        // Not listed. Gone, if the listing covers the second the card was made in; if it was made before, it may be
        // on the board still, and only duplicates among the listed cards can be seen.
        let listingCovers = task.cardID.map { id in
            ReconcileCard.creationSecond(of: id).map { $0 >= listedFromSecond } ?? false
        } ?? true
        guard listingCovers else {
            if let keep = open.first { archiveDuplicates(keeping: keep) }
            return steps
        }
        if let adopted = open.first ?? found.first {
            steps.append(.adopt(taskID: task.id, missing: task.cardID, card: adopted))
            archiveDuplicates(keeping: adopted)
        } else if let missing = task.cardID {
            if recreate && !task.cardClosed {
                steps.append(.recreate(taskID: task.id, missing: missing))
            } else if !task.cardDeleted {
                steps.append(.record(taskID: task.id, cardID: missing, change: .deleted))
            }
        }
        return steps
    }
}
