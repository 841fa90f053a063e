/// Every missing or malformed setting, one line each, naming its variable and never quoting a secret.
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line per bad variable, in the order they were read.
    public var problems: [String]

    /// Wraps the problems found.
    public init(problems: [String]) {
        self.problems = problems
    }

    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
