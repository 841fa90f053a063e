import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tokens create --name NAME`: prints the new token alone on stdout; it is not shown again. With
/// `CALLBACK_SIGNING_KEY` set, the token's callback signing secret follows on stderr, also shown once.
struct TokensCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it alone on stdout (it is stored hashed and cannot be shown again).",
        discussion: "With CALLBACK_SIGNING_KEY set, the token's callback signing secret is printed on stderr: the "
            + "key of the TaskBridge-Signature on the events POSTed to its tasks' callback_url."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "A name for the token's holder, e.g. ci or alice.")
    var name: String

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace), name.count <= 200 else {
            throw ValidationError("--name must not be blank and at most 200 characters")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let issued = try await database.withPool { pool in
                try await TokenStore(pool: pool).create(name: name)
            }
            print(issued.secret)
            if let signing = CallbackSigning.fromEnvironment() {
                let secret = signing.secret(tokenID: issued.token.id, generation: 1)
                FileHandle.standardError.write(Data("callback signing secret (shown once): \(secret)\n".utf8))
            }
        }
    }
}
