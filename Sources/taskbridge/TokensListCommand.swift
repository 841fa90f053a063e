import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tokens list`: one line per token (id, name, created, revoked, team, scopes), never a secret.
struct TokensListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tokens: id, name, creation time, revocation time, team and scopes (tab-separated)."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailure {
            let tokens = try await database.withPool { pool in try await TokenStore(pool: pool).list() }
            print(["ID", "NAME", "CREATED", "REVOKED", "TEAM", "SCOPES"].joined(separator: "\t"))
            for token in tokens {
                let fields = [
                    token.id.uuidString.lowercased(), token.name, token.createdAt.formatted(.iso8601),
                    token.revokedAt.map { $0.formatted(.iso8601) } ?? "-", token.team ?? "-",
                    token.scopes.map(\.rawValue).joined(separator: ","),
                ]
                print(fields.joined(separator: "\t"))
            }
        }
    }
}
