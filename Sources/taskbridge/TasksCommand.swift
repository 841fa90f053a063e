import ArgumentParser

/// `taskbridge tasks`: the tasks the API accepted, as PostgreSQL has them.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List and show tasks, and queue failed ones again.",
        subcommands: [TasksListCommand.self, TasksShowCommand.self, TasksRetryCommand.self]
    )
}
