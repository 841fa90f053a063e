import ArgumentParser
import TaskBridgeCore
import TaskBridgeRuntime

/// `taskbridge`: the operator's tool for the bridge's database, board, tokens and tasks.
@main
struct TaskBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskbridge",
        abstract: "Administer TaskBridge: migrate the database, prepare the Trello boards, manage API tokens, tasks, "
            + "routes and credentials, reconcile tasks with the board.",
        discussion: "Settings come from the environment (see .env.example); a missing or malformed one stops the "
            + "command with one line naming it.",
        subcommands: [
            MigrateCommand.self, BoardCommand.self, TokensCommand.self, TasksCommand.self, ReconcileCommand.self,
            RoutesCommand.self, CredentialsCommand.self,
        ]
    )

    /// ArgumentParser's own entry point, after ignoring SIGPIPE like every executable of the bridge
    /// (`BrokenPipes`): a peer gone mid-write then fails the command with a message instead of killing it silently.
    static func main() async {
        BrokenPipes.ignore()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
