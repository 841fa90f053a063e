import ArgumentParser

/// `taskbridge routes`: which tasks go to which boards.
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "List, add, remove and test routes: each kind of task to its own boards.",
        discussion: "Routes are evaluated in order and the first match wins; the environment's TRELLO_BOARD_ID and "
            + "TRELLO_LIST_NAME, with TRELLO_API_KEY and TRELLO_API_TOKEN, form the default route that takes the rest.",
        subcommands: [RoutesListCommand.self, RoutesAddCommand.self, RoutesRemoveCommand.self, RoutesTestCommand.self]
    )
}
