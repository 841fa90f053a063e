import ArgumentParser
import Foundation
import Logging
import PostgresClient
import TaskBridgeCore
import TaskBridgeRuntime

/// The `--database-url` option every database command takes, and the pool it opens.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (default: $DATABASE_URL).")
    var databaseURL: String?

    /// Runs `body` with a small pool on the database, closing it afterwards; a missing or malformed URL, or any
    /// error of `body`, is printed as one line on stderr and exits non-zero.
    func withPool<Value>(_ body: (PostgresPool) async throws -> Value) async throws -> Value {
        var reader = EnvironmentReader(databaseURL.map { ["DATABASE_URL": $0] } ?? ProcessInfo.processInfo.environment)
        let url = reader.databaseURL()
        let pool: PostgresPool
        do {
            try reader.finish()
            pool = PostgresPool(
                configuration: try PostgresConfiguration(url: url), options: .init(maxConnections: 2),
                logger: CommandLog.logger)
        } catch {
            throw CommandFailure("\(error)")
        }
        do {
            return try await pool.shutDown { try await body(pool) }
        } catch {
            throw error is CommandFailure ? error : CommandFailure("\(error)")
        }
    }
}
