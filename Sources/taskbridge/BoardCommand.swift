import ArgumentParser

/// `taskbridge board`: the Trello board the cards go to.
struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Check the Trello board, create the list and labels the bridge needs on it, or manage its webhook.",
        subcommands: [BoardCheckCommand.self, BoardSyncCommand.self, BoardWebhookCommand.self]
    )
}
