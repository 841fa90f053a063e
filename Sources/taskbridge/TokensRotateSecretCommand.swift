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

    @OptionGroup var token: TokenIDArgument

    func run() async throws {
        try await reportingFailure {
            let uuid = try token.uuid()
            guard let signing = CallbackSigning.fromEnvironment() else {
                throw CommandFailure(
                    "CALLBACK_SIGNING_KEY must be set, at least \(CallbackSigning.minimumKeyLength) characters")
            }
            let generation = try await database.withPool { pool in
                try await TokenStore(pool: pool).rotateSigningSecret(id: uuid)
            }
            guard let generation else { throw CommandFailure("no live token has id \(token.id)") }
            print(signing.secret(tokenID: uuid, generation: generation))
        }
    }
}
