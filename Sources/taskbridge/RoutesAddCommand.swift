import ArgumentParser
import TaskBridgeCore

/// `taskbridge routes add --name NAME [--type T] [--category C] [--team T] --board B --credential C [--list L] ...`.
struct RoutesAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a route, last in the order unless --position says where.",
        discussion: "Each destination is one --board with its --credential (a stored credential's name) and, "
            + "optionally, its --list (default \"To Do\"), given in the same order: --board A --credential a "
            + "--board B --credential b. Channels are given the same way: --slack CREDENTIAL [--slack-text T] "
            + "[--slack-on accepted,carded,failed], --email CREDENTIAL --from A --to B[,C] [--subject T] [--body T] "
            + "[--email-on ...]. Templates may name \(TemplatePlaceholder.documented); a route notifies of carded "
            + "and failed unless --slack-on or --email-on says otherwise."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The route's name.")
    var name: String

    @OptionGroup(title: "Match (a condition left out matches anything)") var conditions: RouteMatchOptions

    @Option(help: "Where to put it: 1 is evaluated first (default: last).")
    var position: Int?

    @Option(name: .customLong("board"), help: "A destination board's id, repeatable.")
    var boards: [String] = []

    @Option(name: .customLong("list"), help: "The list on each board, in order (default: \"To Do\" for all).")
    var lists: [String] = []

    @Option(name: .customLong("credential"), help: "The stored credential for each board, in order.")
    var credentials: [String] = []

    @OptionGroup(title: "Channels") var channels: ChannelOptions

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace), name.count <= 200 else {
            throw ValidationError("--name must not be blank and at most 200 characters")
        }
        guard !boards.isEmpty, credentials.count == boards.count else {
            throw ValidationError("give at least one --board, and one --credential for each --board")
        }
        guard lists.isEmpty || lists.count == boards.count else {
            throw ValidationError("give one --list for each --board, or none")
        }
        if let position, position < 1 { throw ValidationError("--position must be 1 or more") }
    }

    func run() async throws {
        try await reportingFailure {
            let destinations = boards.indices.map { index in
                TrelloDestination(
                    boardID: boards[index], listName: lists.isEmpty ? "To Do" : lists[index],
                    credential: credentials[index])
            }
            let match = conditions.match
            let notified = try channels.destinations()
            let route = try await database.withPool { pool in
                try await RouteStore(pool: pool).add(
                    name: name, match: match, destinations: destinations, channels: notified, position: position)
            }
            print(RouteLine.text(route))
        }
    }
}
