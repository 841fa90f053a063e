#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
/// `bug`: a description only; the bridge names it `bug-{word}-{number}`, labels it "Bug" and assigns it to one
/// member of the board picked at random.
public struct BugKind: TaskKind {
    /// The label every bug's card carries.
    public static let label = "Bug"

    /// Makes the kind.
    public init() {}

    /// `bug`.
    public var name: String { "bug" }

    /// "Bug".
    public var requiredLabels: [String] { [Self.label] }

    /// Requires `description` and refuses `title`: a bug's title is generated here, at acceptance, and stored.
    public func validate<R: RandomNumberGenerator>(_ fields: inout SubmissionFields, using rng: inout R) -> NewTask? {
        fields.refuse("title", because: "a bug's title is generated")
        let description = fields.requiredText("description", maxLength: TaskLimits.description)
        guard let description else { return nil }
        return NewTask(type: name, title: BugTitle.make(using: &rng), description: description)
    }

    /// The stored title, the description with the footer, label "Bug", one random member of the board.
    public func cardPlan<R: RandomNumberGenerator>(
        for task: TaskRecord, delivery: UUID?, on board: BoardMetadata, using rng: inout R
    ) throws(CardPlanError) -> CardPlan {
        let listID = try board.requireListID()
        let labelID = try board.requireLabelID(named: Self.label)
        guard let member = board.members.randomElement(using: &rng) else {
            throw .noMembers
        }
        return CardPlan(
            listID: listID,
            name: task.title,
            description: CardFooter.cardDescription(body: task.description, taskID: task.id, deliveryID: delivery),
            labelIDs: [labelID],
            memberIDs: [member.id]
        )
    }
}
