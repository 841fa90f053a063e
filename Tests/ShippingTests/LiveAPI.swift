import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import Testing
import TestSupport

/// The API built in process and served on a free port, on the shared test PostgreSQL and Redis, with a token of
/// its own and Redis keys no other test uses.
enum LiveAPI {
    /// Runs `body` with the API's root URL and a valid token, on the database `databaseURL` points at.
    static func with<Value: Sendable>(
        databaseURL: String = TestServices.databaseURL,
        _ body: @Sendable (_ baseURL: String, _ token: String) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: databaseURL), logger: logger)
        let token: IssuedToken
        do {
            try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: logger).migrate()
            token = try await TokenStore(pool: pool).create(name: "postman-test")
            await pool.shutdown()
        } catch {
            await pool.shutdown()
            throw error
        }
        var configuration = APIConfiguration(databaseURL: databaseURL, redisURL: TestServices.redisURL)
        let unique = UUID().uuidString
        configuration.http.port = 0
        configuration.streamName = "test:postman:\(unique):dispatch"
        configuration.fleetStateKey = "test:postman:\(unique):fleet"
        // The Trello webhook receiver is on, so its routes answer as documented (a wrong signature gets a 401).
        configuration.trelloWebhook = TrelloWebhookSettings(
            publicBaseURL: "https://bridge.example.com", appSecret: Secret("live-api-app-secret"))
        let app = try await buildApplication(configuration: configuration, logger: logger)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body("http://127.0.0.1:\(port)", token.secret)
        }
    }
}
