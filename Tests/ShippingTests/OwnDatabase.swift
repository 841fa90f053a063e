import Foundation
import Logging
import PostgresClient
import TaskBridgeCore
import TestSupport

/// A migrated database of one test's own on the shared test server, for commands that act on every row.
enum OwnDatabase {
    /// The repository's migrations folder.
    static let migrationsFolder = TestServices.repositoryRoot.appendingPathComponent("migrations").path

    /// Creates and migrates an empty database, runs `body` with its URL and a pool on it, then drops it.
    static func with<Value>(_ body: (String, PostgresPool) async throws -> Value) async throws -> Value {
        let name = "shipping_\(UUID().uuidString.lowercased().replacing("-", with: ""))"
        let shared = TestServices.databaseURL
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let admin = PostgresPool(configuration: try PostgresConfiguration(url: shared), logger: logger)
        let base = shared.prefix { $0 != "?" }
        let url = String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/\(name)"
        let result: Result<Value, any Error>
        do {
            _ = try await admin.withConnection { try await $0.execute(unsafeSQL: "CREATE DATABASE \(name)") }
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), logger: logger)
            do {
                try await Migrator(pool: pool, folder: migrationsFolder, logger: logger).migrate()
                result = .success(try await body(url, pool))
            } catch {
                result = .failure(error)
            }
            await pool.shutdown()
        } catch {
            result = .failure(error)
        }
        _ = try? await admin.withConnection { try await $0.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        await admin.shutdown()
        return try result.get()
    }
}
