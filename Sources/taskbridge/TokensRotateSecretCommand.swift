import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tokens rotate-secret ID`: renews a token's callback signing secret and prints it alone on stdout.
struct TokensRotateSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-secret",
        abstract: "Renew a token's callback signing secret and print the new one alone on stdout (shown once).",
        discussion: "Reads CALLBACK_SIGNING_KEY, as the workers that sign do. Callbacks sent from now on carry "
            + "signatures made with the new secret; the old one stops verifying."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The token's id (see `tokens list`).")
    var id: String

    func run() async throws {
        try await reportingFailure {
            guard let uuid = UUID(uuidString: id) else { throw CommandFailure("\(id) is not a token id (a UUID)") }
            guard let signing = CallbackSigning.fromEnvironment() else {
                throw CommandFailure(
                    "CALLBACK_SIGNING_KEY must be set, at least \(CallbackSigning.minimumKeyLength) characters")
            }
            let generation = try await database.withPool { pool in
                try await TokenStore(pool: pool).rotateSigningSecret(id: uuid)
            }
            guard let generation else { throw CommandFailure("no live token has id \(id)") }
            print(signing.secret(tokenID: uuid, generation: generation))
        }
    }
}
