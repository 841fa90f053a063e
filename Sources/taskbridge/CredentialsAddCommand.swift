import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge credentials add --name NAME [--kind trello|slack|smtp]`: seals a secret read from the environment and
/// prints the stored credential's name and fingerprint.
struct CredentialsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Store a credential, sealed; secrets are read from environment variables, never from flags.",
        discussion: """
            Prints NAME<tab>FINGERPRINT. Secrets come from variables named by the --*-env options, so that none shows \
            in a process listing or a shell history:
              --kind trello  the key and token ($TRELLO_API_KEY, $TRELLO_API_TOKEN)
              --kind slack   the incoming webhook's URL ($SLACK_HOOK_URL)
              --kind smtp    --server smtp://host:587 (STARTTLS required) or smtps://host:465, --username, and the \
            password ($SMTP_PASSWORD)
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The name routes refer to it by, e.g. board-a.")
    var name: String

    @Option(help: "trello (key and token), slack (incoming webhook URL) or smtp (server, username, password).")
    var kind = "trello"

    @Option(name: .customLong("key-env"), help: "trello: the environment variable holding the API key.")
    var keyVariable = "TRELLO_API_KEY"

    @Option(name: .customLong("token-env"), help: "trello: the environment variable holding the API token.")
    var tokenVariable = "TRELLO_API_TOKEN"

    @Option(name: .customLong("hook-url-env"), help: "slack: the environment variable holding the webhook's URL.")
    var hookVariable = "SLACK_HOOK_URL"

    @Option(help: "smtp: the server, smtp://host:port (STARTTLS required) or smtps://host:port.")
    var server: String?

    @Option(help: "smtp: the login.")
    var username: String?

    @Option(name: .customLong("password-env"), help: "smtp: the environment variable holding the password.")
    var passwordVariable = "SMTP_PASSWORD"

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace), name.count <= 200 else {
            throw ValidationError("--name must not be blank and at most 200 characters")
        }
        guard Credential.kinds[kind] != nil else {
            throw ValidationError("--kind must be one of \(Credential.kinds.keys.sorted().joined(separator: ", "))")
        }
        guard kind == "smtp" || (server == nil && username == nil) else {
            throw ValidationError("--server and --username belong to --kind smtp")
        }
        guard kind != "smtp" || (server != nil && username != nil) else {
            throw ValidationError("--kind smtp needs --server and --username")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let environment = ProcessInfo.processInfo.environment
            let sealer = try SealerOptions.sealer(environment: environment)
            let variables = switch kind {
            case "slack": [hookVariable]
            case "smtp": [passwordVariable]
            default: [keyVariable, tokenVariable]
            }
            let missing = variables.filter { (environment[$0] ?? "").isEmpty }
            guard missing.isEmpty else {
                throw CommandFailure("\(missing.joined(separator: " and ")) must be set to the credential's secrets")
            }
            let value = { (variable: String) in environment[variable] ?? "" }
            let secret: CredentialSecret = switch kind {
            case "slack": .slack(hookURL: value(hookVariable))
            case "smtp": .smtp(server: server ?? "", username: username ?? "", password: value(passwordVariable))
            default: .trello(key: value(keyVariable), token: value(tokenVariable))
            }
            let credential = try await database.withPool { pool in
                try await CredentialStore(pool: pool).add(name: name, kind: kind, secret: secret, sealer: sealer)
            }
            print("\(credential.name)\t\(credential.fingerprint)")
        }
    }
}
