#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TaskBridgeJSON
/// The one place kinds are registered, and the entry points that dispatch on a task's `type`.
public enum TaskKinds {
    /// Every kind the bridge knows, in the order their names are listed to clients.
    public static let all: [any TaskKind] = [IssueKind(), BugKind(), CategorizedTaskKind()]

    /// The `type` names, in registry order.
    public static let names: [String] = all.map(\.name)

    /// Every label some kind needs on the board, each once, in registry order.
    public static var requiredLabels: [String] {
        var seen: Set<String> = []
        return all.flatMap(\.requiredLabels).filter { seen.insert($0).inserted }
    }

    /// The kind whose `type` name is exactly `name`.
    public static func named(_ name: String) -> (any TaskKind)? {
        all.first { $0.name == name }
    }

    /// Validates a request body (nil: there was none) and returns the task to store, or throws every problem
    /// at once. Bodies that are not objects, and a missing or unknown `type`, are reported alone, since the
    /// other fields cannot be judged without a kind.
    public static func validate<R: RandomNumberGenerator>(
        _ body: JSONValue?, callbacks: CallbackPolicy = CallbackPolicy(), using rng: inout R
    ) throws(SubmissionError) -> NewTask {
        guard case .object(let values) = body else {
            let got = body.map { ", got \($0.typeName)" } ?? ""
            throw SubmissionError(problems: [
                FieldProblem(field: nil, code: .notAnObject, message: "the body must be a JSON object\(got)")
            ])
        }
        var fields = SubmissionFields(values)
        guard let type = fields.requiredChoice("type", among: names), let kind = named(type) else {
            throw SubmissionError(problems: fields.problems)
        }
        var task = kind.validate(&fields, using: &rng)
        task?.callbackURL = fields.callbackURL(policy: callbacks)
        fields.reportUnread(forType: type)
        guard let task, fields.problems.isEmpty else {
            throw SubmissionError(problems: fields.problems)
        }
        return task
    }

    /// Validates a request body with the system's random numbers.
    public static func validate(_ body: JSONValue?, callbacks: CallbackPolicy = CallbackPolicy()) throws(SubmissionError)
        -> NewTask
    {
        var rng = SystemRandomNumberGenerator()
        return try validate(body, callbacks: callbacks, using: &rng)
    }

    /// The card to create for a stored task's delivery `delivery` (nil for its first), planned by the kind its
    /// `type` names.
    public static func cardPlan<R: RandomNumberGenerator>(
        for task: TaskRecord, delivery: UUID? = nil, on board: BoardMetadata, using rng: inout R
    ) throws(CardPlanError) -> CardPlan {
        guard let kind = named(task.type) else {
            throw .invalidTask("unknown task type \"\(task.type)\"")
        }
        return try kind.cardPlan(for: task, delivery: delivery, on: board, using: &rng)
    }

    /// The card to create for a stored task's delivery, with the system's random numbers.
    public static func cardPlan(
        for task: TaskRecord, delivery: UUID? = nil, on board: BoardMetadata
    ) throws(CardPlanError) -> CardPlan {
        var rng = SystemRandomNumberGenerator()
        return try cardPlan(for: task, delivery: delivery, on: board, using: &rng)
    }
}
