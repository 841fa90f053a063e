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
    /// Runs `body` with the API's root URL and a valid token with the default scopes, on the database
    /// `databaseURL` points at.
    static func with<Value: Sendable>(
        databaseURL: String = TestServices.databaseURL,
        _ body: @Sendable (_ baseURL: String, _ token: String) async throws -> Value
    ) async throws -> Value {
        try await with(databaseURL: databaseURL) { baseURL, token, _ in try await body(baseURL, token) }
    }

    /// Runs `body` with the API's root URL, a token with the default scopes and one with `admin`; the API seals
    /// credentials under a random key.
    static func with<Value: Sendable>(
        databaseURL: String = TestServices.databaseURL,
        _ body: @Sendable (_ baseURL: String, _ token: String, _ adminToken: String) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: databaseURL), logger: logger)
        let (token, adminToken) = try await pool.shutDown {
            try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: logger).migrate()
            return (
                try await TokenStore(pool: pool).create(name: "postman-test"),
                try await TokenStore(pool: pool).create(name: "postman-admin", scopes: [.admin])
            )
        }
        var configuration = APIConfiguration(databaseURL: databaseURL, redisURL: TestServices.redisURL)
        let unique = UUID().uuidString
        configuration.http.port = 0
        configuration.streamName = "test:postman:\(unique):dispatch"
        configuration.fleetStateKey = "test:postman:\(unique):fleet"
        // The Trello webhook receiver is on, so its routes answer as documented (a wrong signature gets a 401).
        configuration.trelloWebhook = TrelloWebhookSettings(
            publicBaseURL: "https://bridge.example.com", appSecret: Secret("live-api-app-secret"))
        configuration.credentialSealer = try CredentialSealer(
            current: (0..<32).map { _ in UInt8.random(in: .min ... .max) })
        let app = try await buildApplication(configuration: configuration, logger: logger)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body("http://127.0.0.1:\(port)", token.secret, adminToken.secret)
        }
    }
}
