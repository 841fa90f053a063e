/// What a route matches: a task's type, its category and the submitting token's team; nil matches anything.
public struct RouteMatch: Sendable, Hashable, Codable {
    /// The task type (`issue`, `bug`, `task`), or nil for any.
    public var type: String?
    /// The category (`Research`, ...), or nil for any.
    public var category: String?
    /// The submitting token's team, or nil for any.
    public var team: String?

    /// A match on the conditions given.
    public init(type: String? = nil, category: String? = nil, team: String? = nil) {
        self.type = type
        self.category = category
        self.team = team
    }

    /// Whether a task of `type` and `category`, submitted with a token of `team`, matches every set condition.
    public func matches(type: String, category: String?, team: String?) -> Bool {
        (self.type.map { $0 == type } ?? true)
            && (self.category.map { $0 == category } ?? true)
            && (self.team.map { $0 == team } ?? true)
    }

    /// What is wrong with the conditions, one line each: a type or category no task can have would never match.
    public var problems: [String] {
        var problems: [String] = []
        if let type, TaskKinds.named(type) == nil {
            problems.append("type must be one of \(TaskKinds.names.joined(separator: ", "))")
        }
        if let category, !CategorizedTaskKind.categories.contains(category) {
            problems.append("category must be one of \(CategorizedTaskKind.categories.joined(separator: ", "))")
        }
        return problems
    }

    /// The conditions as people read them: `type=bug category=Research`, or `any task`.
    public var summary: String {
        let parts = [("type", type), ("category", category), ("team", team)].compactMap { name, value in
            value.map { "\(name)=\($0)" }
        }
        return parts.isEmpty ? "any task" : parts.joined(separator: " ")
    }
}
