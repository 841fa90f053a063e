import ArgumentParser

/// `taskbridge`: the operator's tool for the bridge's database and tokens.
@main
struct TaskBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskbridge",
        abstract: "Administer TaskBridge: migrate the database, manage API tokens.",
        subcommands: [MigrateCommand.self, TokensCommand.self]
    )
}
