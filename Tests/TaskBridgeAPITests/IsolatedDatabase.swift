import Foundation
import Logging
import PostgresClient
import TestSupport

/// A database of one test's own on the shared test server, for tests that count or page through every row.
enum IsolatedDatabase {
    /// Creates an empty database, runs `body` with its URL, then drops it.
    static func with<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        let name = "test_\(UUID().uuidString.lowercased().replacing("-", with: ""))"
        let shared = TestServices.databaseURL
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let admin = PostgresPool(configuration: try PostgresConfiguration(url: shared), logger: logger)
        let base = shared.prefix { $0 != "?" }
        let url = String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/\(name)"
        let result: Result<Value, any Error>
        do {
            try await admin.withConnection { try await $0.execute(unsafeSQL: "CREATE DATABASE \(name)") }
            result = .success(try await body(url))
        } catch {
            result = .failure(error)
        }
        _ = try? await admin.withConnection { try await $0.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        await admin.shutdown()
        return try result.get()
    }
}
