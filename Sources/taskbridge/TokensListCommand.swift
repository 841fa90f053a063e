import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tokens list`: one line per token (id, name, created, revoked), never a secret.
struct TokensListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tokens: id, name, creation time and revocation time (tab-separated)."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailure {
            let tokens = try await database.withPool { pool in try await TokenStore(pool: pool).list() }
            print(["ID", "NAME", "CREATED", "REVOKED"].joined(separator: "\t"))
            for token in tokens {
                let fields = [
                    token.id.uuidString.lowercased(), token.name, token.createdAt.formatted(.iso8601),
                    token.revokedAt.map { $0.formatted(.iso8601) } ?? "-",
                ]
                print(fields.joined(separator: "\t"))
            }
        }
    }
}
