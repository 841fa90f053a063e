import Foundation
import Logging
import PostgresClient
import TestSupport

/// Pools, connections and unique table names for tests against the shared test PostgreSQL.
enum TestDatabase {
    static let logger = Logger(label: "PostgresClientTests")

    /// The shared test server's configuration, optionally under an `application_name` of the test's own.
    static func configuration(url: String = TestServices.databaseURL, applicationName: String? = nil) throws
        -> PostgresConfiguration
    {
        var configuration = try PostgresConfiguration(url: url)
        if let applicationName { configuration.parameters["application_name"] = applicationName }
        return configuration
    }

    /// Runs `body` with a fresh pool, always shut down afterwards.
    static func withPool<Value>(
        url: String = TestServices.databaseURL,
        applicationName: String? = nil,
        options: PostgresPool.Options = PostgresPool.Options(maxConnections: 4),
        _ body: (PostgresPool) async throws -> Value
    ) async throws -> Value {
        let pool = PostgresPool(
            configuration: try configuration(url: url, applicationName: applicationName), options: options,
            logger: logger
        )
        return try await pool.shutDown { try await body(pool) }
    }

    /// A table name no other test uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    }
}
