import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge credentials add --name NAME`: seals a Trello key and token read from the environment and prints the
/// stored credential's name and fingerprint.
struct CredentialsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Store a Trello key and token, sealed; they are read from environment variables, never from flags.",
        discussion: "Prints NAME<tab>FINGERPRINT. The variables are named by --key-env and --token-env, so that "
            + "neither secret shows in a process listing or a shell history."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The name routes refer to it by, e.g. board-a.")
    var name: String

    @Option(name: .customLong("key-env"), help: "The environment variable holding the Trello API key.")
    var keyVariable = "TRELLO_API_KEY"

    @Option(name: .customLong("token-env"), help: "The environment variable holding the Trello API token.")
    var tokenVariable = "TRELLO_API_TOKEN"

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace), name.count <= 200 else {
            throw ValidationError("--name must not be blank and at most 200 characters")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let environment = ProcessInfo.processInfo.environment
            let sealer = try SealerOptions.sealer(environment: environment)
            let missing = [keyVariable, tokenVariable].filter { (environment[$0] ?? "").isEmpty }
            guard missing.isEmpty else {
                throw CommandFailure("\(missing.joined(separator: " and ")) must be set to the credential's secrets")
            }
            let secret = CredentialSecret.trello(key: environment[keyVariable]!, token: environment[tokenVariable]!)
            let credential = try await database.withPool { pool in
                try await CredentialStore(pool: pool).add(name: name, kind: "trello", secret: secret, sealer: sealer)
            }
            print("\(credential.name)\t\(credential.fingerprint)")
        }
    }
}
