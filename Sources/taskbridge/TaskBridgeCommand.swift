import ArgumentParser

/// `taskbridge`: the operator's tool for the bridge's database, board, tokens and tasks.
@main
struct TaskBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskbridge",
        abstract: "Administer TaskBridge: migrate the database, prepare the Trello board, manage API tokens and tasks.",
        discussion: "Settings come from the environment (see .env.example); a missing or malformed one stops the "
            + "command with one line naming it.",
        subcommands: [MigrateCommand.self, BoardCommand.self, TokensCommand.self, TasksCommand.self]
    )
}
