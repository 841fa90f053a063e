import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tokens create --name NAME [--team TEAM] [--scope SCOPE ...]`: prints the new token alone on stdout; it
/// is not shown again. With `CALLBACK_SIGNING_KEY` set, the token's callback signing secret follows on stderr, also
/// shown once.
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

    @Option(help: "The team routes match the token's tasks on (default: none).")
    var team: String?

    @Option(
        name: .customLong("scope"),
        help: "What the token may do, repeatable: tasks:write, tasks:read, admin (default: tasks:write and tasks:read).")
    var scopes: [String] = []

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace), name.count <= 200 else {
            throw ValidationError("--name must not be blank and at most 200 characters")
        }
        if let team, team.allSatisfy(\.isWhitespace) || team.count > 200 {
            throw ValidationError("--team must not be blank and at most 200 characters")
        }
        for scope in scopes where TokenScope(rawValue: scope) == nil {
            let known = TokenScope.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--scope \(scope) is not a scope; use \(known)")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let issued = try await database.withPool { pool in
                try await TokenStore(pool: pool).create(name: name, team: team, scopes: chosenScopes)
            }
            print(issued.secret)
            if let signing = CallbackSigning.fromEnvironment() {
                let secret = signing.secret(tokenID: issued.token.id, generation: 1)
                FileHandle.standardError.write(Data("callback signing secret (shown once): \(secret)\n".utf8))
            }
        }
    }

    /// The scopes asked for, each once, in the order given; the defaults when none was.
    private var chosenScopes: [TokenScope] {
        let asked = scopes.compactMap(TokenScope.init(rawValue:))
        guard !asked.isEmpty else { return TokenScope.defaults }
        return asked.enumerated().filter { index, scope in asked.firstIndex(of: scope) == index }.map(\.element)
    }
}
