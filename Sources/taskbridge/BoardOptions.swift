import ArgumentParser
import Foundation
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker

/// The board commands' options: where the board is (flags override `TRELLO_*`); the key and token come only from
/// the environment, so they never show in a process listing or a shell history.
struct BoardOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: "Trello's API root (default: $TRELLO_BASE_URL, else https://api.trello.com/1).")
    var baseURL: String?

    @Option(name: .customLong("board-id"), help: "The board's id or short link (default: $TRELLO_BOARD_ID).")
    var boardID: String?

    @Option(name: .customLong("list-name"), help: "The list cards go to (default: $TRELLO_LIST_NAME, else \"To Do\").")
    var listName: String?

    /// Runs `body` with a provisioner for the configured board; missing settings and Trello's refusals become one
    /// line on stderr and a non-zero exit.
    func withProvisioner<Value: Sendable>(_ body: (BoardProvisioner) async throws -> Value) async throws -> Value {
        var reader = EnvironmentReader(environment)
        let settings = TrelloSettings(reading: &reader)
        do {
            try reader.finish()
        } catch {
            throw CommandFailure("\(error)")
        }
        do {
            return try await BoardProvisioner.with(trello: settings, logger: CommandLog.logger, body)
        } catch {
            throw error is CommandFailure ? error : CommandFailure("\(error)")
        }
    }

    /// The process's environment with the flags given in place of their `TRELLO_*` variables.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in [("TRELLO_BASE_URL", baseURL), ("TRELLO_BOARD_ID", boardID), ("TRELLO_LIST_NAME", listName)] {
            if let value { environment[name] = value }
        }
        return environment
    }
}
