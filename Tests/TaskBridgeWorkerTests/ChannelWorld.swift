import CurlClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import RedisClient
import SlackSandbox
import TaskBridgeCore
import TaskBridgeWorker
import TestSupport
import Testing

/// The real parts the channel senders meet: a migrated database of the test's own holding sealed credentials,
/// the shared Redis for the hooks' schedules, and a Slack stand-in served over HTTP on a free port.
struct ChannelWorld: Sendable {
    /// The stand-in's base URL, `http://127.0.0.1:PORT`.
    let slackURL: String
    let session: HTTPSession
    let postgres: PostgresPool
    let redis: RedisPool
    let sealer: CredentialSealer
    /// The Redis key prefix of this test's hook schedules.
    let keyPrefix: String

    /// Runs `body` in a fresh world, and stops everything afterwards.
    static func with(_ body: @Sendable (ChannelWorld) async throws -> Void) async throws {
        var logger = Logger(label: "channel-test")
        logger.logLevel = .critical
        let sealer = try CredentialSealer(current: Array(repeating: 7, count: CredentialSealer.keyLength))
        try await OwnDatabase.with { databaseURL in
            let postgres = PostgresPool(configuration: try PostgresConfiguration(url: databaseURL), logger: logger)
            let redis = RedisPool(configuration: try RedisConfiguration(url: TestServices.redisURL), logger: logger)
            let session = try HTTPSession(configuration: .init(timeout: .seconds(10)))
            let outcome: Result<Void, any Error>
            do {
                _ = try await Migrator(pool: postgres, folder: TestServices.migrationsFolder, logger: logger).migrate()
                outcome = .success(
                    try await buildSlackSandbox(configuration: .init(port: 0), logger: logger).test(.live) { client in
                        try await body(
                            ChannelWorld(
                                slackURL: "http://127.0.0.1:\(try #require(client.port))", session: session,
                                postgres: postgres, redis: redis, sealer: sealer,
                                keyPrefix: "test-\(UUID().uuidString.lowercased().prefix(13))"))
                    })
            } catch {
                outcome = .failure(error)
            }
            await session.shutdown()
            await redis.shutdown()
            await postgres.shutdown()
            try outcome.get()
        }
    }

    var credentials: CredentialStore { CredentialStore(pool: postgres) }

    /// The senders as the fleet wires them, pacing hooks by `interval` and trusting `caFile` for SMTP.
    func senders(interval: Duration = .seconds(1), caFile: String? = nil, sealer: CredentialSealer? = nil) -> ChannelSenders {
        var settings = ChannelSettings()
        settings.slackHookInterval = interval
        settings.smtpCAFile = caFile
        return ChannelSenders(
            session: session, credentials: credentials, sealer: sealer ?? self.sealer, redis: redis, keyPrefix: keyPrefix,
            settings: settings)
    }

    /// Makes a live hook on the stand-in, stores its URL as the slack credential `name`, and returns the URL.
    @discardableResult
    func slackCredential(_ name: String, channel: String = "C1") async throws -> String {
        try await admin(.post, "/hooks", #"{"team":"T1","channel":"\#(channel)","secret":"s3cret-\#(channel)"}"#)
        let url = "\(slackURL)/services/T1/\(channel)/s3cret-\(channel)"
        _ = try await credentials.add(name: name, kind: "slack", secret: .slack(hookURL: url), sealer: sealer)
        return url
    }

    /// Sends an admin request to the stand-in and checks it succeeded.
    func admin(_ method: CurlClient.HTTPMethod, _ path: String, _ json: String = "{}") async throws {
        let request = CurlClient.HTTPRequest(
            method: method, url: slackURL + "/_slack" + path, headers: ["Content-Type": "application/json"],
            body: Array(json.utf8))
        try await session.execute(request).ensureSuccess()
    }

    /// Every message the stand-in accepted, oldest first.
    func slackMessages() async throws -> [ReceivedMessage] {
        let response = try await session.execute(CurlClient.HTTPRequest(url: slackURL + "/_slack/messages")).ensureSuccess()
        struct Listing: Decodable { let messages: [ReceivedMessage] }
        return try JSONDecoder().decode(Listing.self, from: Data(response.body)).messages
    }

    /// Every credential row as text, sealed box included, for looking for a secret in the clear.
    func credentialRows() async throws -> String {
        let rows = try await postgres.query("SELECT credentials::text FROM credentials")
        return try rows.map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
    }

    /// A notice about a bug, carded, whose description is `description`.
    static func notice(
        moment: NotificationMoment = .carded, description: String = "Steps: open the page.", deliveryID: String = "7"
    ) -> ChannelNotice {
        let id = UUID()
        return ChannelNotice(
            taskID: id, deliveryID: deliveryID, moment: moment, title: "Bug-login-fails-1234", type: "bug",
            category: nil, description: description, cardURL: "https://trello.com/c/abc123",
            taskURL: "https://bridge.example.com/v1/tasks/\(id.uuidString.lowercased())")
    }
}
