import Logging
import PostgresClient
import TaskBridgeCore
import TestSupport

/// A migrated database of one test's own, for commands that act on every row.
enum MigratedDatabase {

    /// Creates and migrates an empty database, runs `body` with its URL and a pool on it, then drops it.
    static func with<Value>(_ body: (String, PostgresPool) async throws -> Value) async throws -> Value {
        try await OwnDatabase.with { url in
            var logger = Logger(label: "test")
            logger.logLevel = .error
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), logger: logger)
            return try await pool.shutDown {
                try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: logger).migrate()
                return try await body(url, pool)
            }
        }
    }
}
