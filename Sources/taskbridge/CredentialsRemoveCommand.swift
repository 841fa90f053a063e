import ArgumentParser
import TaskBridgeCore

/// `taskbridge credentials remove NAME`: refused while a route uses it.
struct CredentialsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a credential no route uses.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The credential's name.")
    var name: String

    func run() async throws {
        try await reportingFailure {
            let removed = try await database.withPool { pool in try await CredentialStore(pool: pool).remove(name: name) }
            guard removed else { throw CommandFailure("no credential is named \(name)") }
            print("removed \(name)")
        }
    }
}
