#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
/// `issue`: a title and a description; the card goes to the list unlabelled and unassigned.
public struct IssueKind: TaskKind {
    /// Makes the kind.
    public init() {}

    /// `issue`.
    public var name: String { "issue" }

    /// None: an issue's card has no label.
    public var requiredLabels: [String] { [] }

    /// Requires `title` and `description`.
    public func validate<R: RandomNumberGenerator>(_ fields: inout SubmissionFields, using rng: inout R) -> NewTask? {
        let title = fields.requiredText("title", maxLength: TaskLimits.title)
        let description = fields.requiredText("description", maxLength: TaskLimits.description)
        guard let title, let description else { return nil }
        return NewTask(type: name, title: title, description: description)
    }

    /// Title and description (with the footer) in the list; no label, no member.
    public func cardPlan<R: RandomNumberGenerator>(
        for task: TaskRecord, delivery: UUID?, on board: BoardMetadata, using rng: inout R
    ) throws(CardPlanError) -> CardPlan {
        CardPlan(
            listID: try board.requireListID(),
            name: task.title,
            description: CardFooter.cardDescription(body: task.description, taskID: task.id, deliveryID: delivery)
        )
    }
}
