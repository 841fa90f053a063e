/// What `BoardSynchronizer` found on the board, or made there.
public struct BoardReport: Sendable, Hashable {
    /// The list cards go to, and whether it exists (after a sync: whether it exists now).
    public var listName: String
    /// Whether the list exists.
    public var hasList: Bool
    /// Labels the task kinds need that the board lacks.
    public var missingLabels: [String]
    /// What a sync created, one line each (`list "To Do"`, `label "Bug"`); empty for a check.
    public var created: [String]

    /// Whether the board has everything the bridge needs.
    public var isComplete: Bool { hasList && missingLabels.isEmpty }

    /// One line per fact, for the admin CLI.
    public var lines: [String] {
        var lines = created.map { "created \($0)" }
        lines.append(hasList ? "list \"\(listName)\": present" : "list \"\(listName)\": missing")
        lines += missingLabels.map { "label \"\($0)\": missing" }
        if isComplete { lines.append("the board has everything the bridge needs") }
        return lines
    }
}
