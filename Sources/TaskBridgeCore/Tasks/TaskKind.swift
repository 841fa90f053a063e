#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One kind of task: its `type` name, how a submission of it is validated, and how it becomes a card.
/// Every kind is registered in `TaskKinds.all`; nothing else in the bridge names a kind.
public protocol TaskKind: Sendable {
    /// The `type` value that selects this kind, e.g. `issue`.
    var name: String { get }

    /// The board labels this kind's cards use, so `board check`/`board sync` know what to find or create.
    var requiredLabels: [String] { get }

    /// Reads this kind's fields from `fields` (never `type`), recording problems there; returns the task when
    /// every field read is valid. `rng` feeds whatever the kind generates (a bug's title).
    func validate<R: RandomNumberGenerator>(_ fields: inout SubmissionFields, using rng: inout R) -> NewTask?

    /// The card to create for a stored task of this kind on `board`, for its delivery `delivery` (nil or the task's
    /// id for its first, whose footer names the task alone); `rng` picks whatever is random (an assignee).
    func cardPlan<R: RandomNumberGenerator>(
        for task: TaskRecord, delivery: UUID?, on board: BoardMetadata, using rng: inout R
    ) throws(CardPlanError) -> CardPlan
}

extension TaskKind {
    /// The card to create for a stored task's first delivery.
    public func cardPlan<R: RandomNumberGenerator>(
        for task: TaskRecord, on board: BoardMetadata, using rng: inout R
    ) throws(CardPlanError) -> CardPlan {
        try cardPlan(for: task, delivery: nil, on: board, using: &rng)
    }
}
