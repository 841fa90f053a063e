import ArgumentParser

/// `taskbridge tasks`: the tasks the API accepted, as PostgreSQL has them.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List and show tasks, queue failed ones again, or discard them.",
        subcommands: [TasksListCommand.self, TasksShowCommand.self, TasksRetryCommand.self, TasksDiscardCommand.self]
    )
}
