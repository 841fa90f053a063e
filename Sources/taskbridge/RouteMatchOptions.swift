import ArgumentParser
import TaskBridgeCore

/// The conditions a route matches on, as `routes add` takes them and `routes test` describes a sample task.
struct RouteMatchOptions: ParsableArguments {
    @Option(help: "The task type (issue, bug, task).")
    var type: String?

    @Option(help: "The category, for type task (Maintenance, Research, Test).")
    var category: String?

    @Option(help: "The team of the submitting token.")
    var team: String?

    /// The conditions given; those left out match anything.
    var match: RouteMatch { RouteMatch(type: type, category: category, team: team) }
}
