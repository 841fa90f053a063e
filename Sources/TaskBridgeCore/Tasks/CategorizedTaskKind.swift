#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
/// `task`: a title and a category; the card carries the label named like the category.
public struct CategorizedTaskKind: TaskKind {
    /// The categories a task may have, spelled exactly as the board's labels (and the OpenAPI enum).
    public static let categories = ["Maintenance", "Research", "Test"]

    /// Makes the kind.
    public init() {}

    /// `task`.
    public var name: String { "task" }

    /// One label per category.
    public var requiredLabels: [String] { Self.categories }

    /// Requires `title` and a `category` spelled exactly as one of `categories`: the category names a label,
    /// and accepting other spellings would make the API looser than its own schema.
    public func validate<R: RandomNumberGenerator>(_ fields: inout SubmissionFields, using rng: inout R) -> NewTask? {
        let title = fields.requiredText("title", maxLength: TaskLimits.title)
        let category = fields.requiredChoice("category", among: Self.categories)
        guard let title, let category else { return nil }
        return NewTask(type: name, title: title, category: category)
    }

    /// The title, a description that is only the footer, and the category's label.
    public func cardPlan<R: RandomNumberGenerator>(
        for task: TaskRecord, delivery: UUID?, on board: BoardMetadata, using rng: inout R
    ) throws(CardPlanError) -> CardPlan {
        let listID = try board.requireListID()
        guard let category = task.category else {
            throw .invalidTask("a task of type \(name) has no category")
        }
        return CardPlan(
            listID: listID,
            name: task.title,
            description: CardFooter.cardDescription(body: nil, taskID: task.id, deliveryID: delivery),
            labelIDs: [try board.requireLabelID(named: category)]
        )
    }
}
