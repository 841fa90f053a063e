import ArgumentParser
import TaskBridgeWorker

/// `taskbridge board check`: says what the board lacks, changing nothing.
struct BoardCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether the board has the list and the labels the bridge needs; change nothing.",
        discussion: "Prints one line per fact. Exits 0 when the board is complete, 3 when it lacks something "
            + "(run `taskbridge board sync`), 1 on an error. Reads TRELLO_API_KEY and TRELLO_API_TOKEN, or the stored "
            + "credential --credential or --route names."
    )

    /// The exit status of a board that lacks something: not an error, but a script must be able to tell.
    static let incomplete = ExitCode(3)

    @OptionGroup var board: BoardOptions

    func run() async throws {
        try await reportingFailure {
            let reports = try await board.withProvisioners { try await $0.check() }
            for (heading, report) in reports {
                if let heading { print(heading) }
                for line in report.lines {
                    print(line)
                }
            }
            if !reports.allSatisfy(\.value.isComplete) {
                throw Self.incomplete
            }
        }
    }
}
