import Foundation
import Logging
import PostgresClient

/// A database of one test's own on a test server: for tests that count or page through every row, and for
/// processes that act on every task they find (a worker's relay, the CLI's `tasks retry --failed`).
public enum OwnDatabase {
    /// Creates an empty database on the server `serverURL` points at, runs `body` with its URL, then drops it.
    public static func with<Value>(on serverURL: String = TestServices.databaseURL, _ body: (String) async throws -> Value) async throws -> Value {
        let name = "test_\(UUID().uuidString.lowercased().replacing("-", with: ""))"
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let admin = PostgresPool(configuration: try PostgresConfiguration(url: serverURL), logger: logger)
        let base = serverURL.prefix { $0 != "?" }
        let query = serverURL.drop { $0 != "?" }
        let url = String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/\(name)" + query
        let result: Result<Value, any Error>
        do {
            _ = try await admin.withConnection { try await $0.execute(unsafeSQL: "CREATE DATABASE \(name)") }
            result = .success(try await body(url))
        } catch {
            result = .failure(error)
        }
        _ = try? await admin.withConnection { try await $0.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        await admin.shutdown()
        return try result.get()
    }
}
