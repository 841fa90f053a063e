import ArgumentParser
import TaskBridgeWorker

/// `taskbridge board sync`: creates what the board lacks; a second run changes nothing.
struct BoardSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Create the list and the labels the bridge needs on the board, only those it lacks.",
        discussion: "Safe to run again: it reads the board first and creates nothing that exists. Trello's 429s "
            + "and outages are waited out (about a minute at most). Prints one line per thing created and the "
            + "board's state. Reads TRELLO_API_KEY and TRELLO_API_TOKEN, or the stored credential --credential or --route "
            + "names."
    )

    @OptionGroup var board: BoardOptions

    func run() async throws {
        try await reportingFailure {
            for (heading, report) in try await board.withProvisioners({ try await $0.sync() }) {
                if let heading { print(heading) }
                if report.created.isEmpty {
                    print("nothing to create")
                }
                for line in report.lines {
                    print(line)
                }
            }
        }
    }
}
