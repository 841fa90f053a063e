import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tokens revoke ID`: the token stops working (within a second for running APIs).
struct TokensRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token by id (see `tokens list`); running APIs refuse it within a second."
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var token: TokenIDArgument

    func run() async throws {
        try await reportingFailure {
            let uuid = try token.uuid()
            let revoked = try await database.withPool { pool in try await TokenStore(pool: pool).revoke(id: uuid) }
            guard revoked else { throw CommandFailure("no live token has id \(token.id)") }
            print("Revoked \(uuid.uuidString.lowercased())")
        }
    }
}
