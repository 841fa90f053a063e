import ArgumentParser

/// `taskbridge board`: the Trello board the cards go to.
struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Check the Trello board, or create the list and labels the bridge needs on it.",
        subcommands: [BoardCheckCommand.self, BoardSyncCommand.self]
    )
}
