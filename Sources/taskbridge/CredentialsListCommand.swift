import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge credentials list`: one line per credential (name, kind, fingerprint, sealing key, created), never
/// a secret.
struct CredentialsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List credentials: name, kind, fingerprint, the fingerprint of the key that sealed it, creation time."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailure {
            let credentials = try await database.withPool { pool in try await CredentialStore(pool: pool).list() }
            print(["NAME", "KIND", "FINGERPRINT", "SEALED-UNDER", "CREATED"].joined(separator: "\t"))
            for credential in credentials {
                let fields = [
                    credential.name, credential.kind, credential.fingerprint, credential.keyFingerprint,
                    credential.createdAt.formatted(.iso8601),
                ]
                print(fields.joined(separator: "\t"))
            }
        }
    }
}
