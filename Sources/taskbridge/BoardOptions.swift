import ArgumentParser
import Foundation
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker

/// The board commands' options: which board (flags override `TRELLO_*`), or the boards of a stored route, or a stored
/// credential for the board. Keys and tokens come only from the environment or the credential store, so they never
/// show in a process listing or a shell history.
struct BoardOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: "Trello's API root (default: $TRELLO_BASE_URL, else https://api.trello.com/1).")
    var baseURL: String?

    @Option(name: .customLong("board-id"), help: "The board's id or short link (default: $TRELLO_BOARD_ID).")
    var boardID: String?

    @Option(name: .customLong("list-name"), help: "The list cards go to (default: $TRELLO_LIST_NAME, else \"To Do\").")
    var listName: String?

    @Option(help: "Every board of this stored route, each with its list and stored credential (needs TASKBRIDGE_SECRET_KEY).")
    var route: String?

    @Option(help: "The stored credential's key and token instead of $TRELLO_API_KEY and $TRELLO_API_TOKEN (needs TASKBRIDGE_SECRET_KEY).")
    var credential: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if route != nil, credential != nil || boardID != nil || listName != nil {
            throw ValidationError("--route names the boards, lists and credentials; leave out --credential, --board-id and --list-name")
        }
    }

    /// Runs `body` with a provisioner for each board asked for: the configured one, or each destination of `--route`,
    /// with a heading naming the board when there are several. Missing settings and Trello's refusals become one line
    /// on stderr and a non-zero exit.
    func withProvisioners<Value: Sendable>(_ body: (BoardProvisioner) async throws -> Value) async throws
        -> [(heading: String?, value: Value)]
    {
        var results: [(heading: String?, value: Value)] = []
        let targets = try await self.targets()
        for target in targets {
            let value = try await withProvisioner(overriding: target.environment, body)
            results.append((targets.count > 1 ? target.heading : nil, value))
        }
        return results
    }

    /// The boards asked for, each as the `TRELLO_*` values that differ from the environment's.
    private func targets() async throws -> [(heading: String, environment: [String: String])] {
        var flags: [String: String] = [:]
        for (name, value) in [("TRELLO_BASE_URL", baseURL), ("TRELLO_BOARD_ID", boardID), ("TRELLO_LIST_NAME", listName)] {
            if let value { flags[name] = value }
        }
        guard route != nil || credential != nil else { return [("", flags)] }
        let sealer = try SealerOptions.sealer()
        return try await database.withPool { pool in
            let credentials = CredentialStore(pool: pool)
            func secret(_ name: String) async throws -> [String: String] {
                guard let secret = try await credentials.open(name: name, sealer: sealer),
                    let key = secret.fields["key"], let token = secret.fields["token"]
                else { throw CommandFailure("no Trello credential is named \(name)") }
                return ["TRELLO_API_KEY": key, "TRELLO_API_TOKEN": token]
            }
            if let credential { return [("", flags.merging(try await secret(credential)) { $1 })] }
            let name = route ?? ""
            guard let found = try await RouteStore(pool: pool).list().first(where: { $0.name == name }) else {
                throw CommandFailure("no route is named \(name)")
            }
            var targets: [(heading: String, environment: [String: String])] = []
            for destination in found.destinations {
                var environment = flags
                environment["TRELLO_BOARD_ID"] = destination.boardID
                environment["TRELLO_LIST_NAME"] = destination.listName
                if let credential = destination.credential {
                    environment.merge(try await secret(credential)) { $1 }
                }
                targets.append(("\(destination.summary):", environment))
            }
            return targets
        }
    }

    private func withProvisioner<Value: Sendable>(
        overriding values: [String: String], _ body: (BoardProvisioner) async throws -> Value
    ) async throws -> Value {
        let environment = ProcessInfo.processInfo.environment.merging(values) { $1 }
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
