/// Every problem found in a submitted task, all at once, so a client fixes its request in one round trip.
public struct SubmissionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, body-level first, then in the kind's field order, then unknown fields by name.
    public var problems: [FieldProblem]

    /// Wraps the problems found.
    public init(problems: [FieldProblem]) {
        self.problems = problems
    }

    /// One line listing every problem: `title: is required; tittle: unknown field for type issue`.
    public var description: String {
        problems.map { problem in
            problem.field.map { "\($0): \(problem.message)" } ?? problem.message
        }.joined(separator: "; ")
    }
}
