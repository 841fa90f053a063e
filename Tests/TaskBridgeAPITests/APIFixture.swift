import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresClient
import RedisClient
import TaskBridgeAPI
import TaskBridgeCore
import TestSupport

/// One test's view of the servers: pools for checking what the API wrote, a migrated database, a live token, and
/// a dispatch stream of its own, so tests running in parallel never see each other's entries.
struct APIFixture: Sendable {
    let databaseURL: String
    let redisURL: String
    let postgres: PostgresPool
    let redis: RedisPool
    let streamName: String
    let token: IssuedToken
    let logger: Logger

    /// Runs `body` with a fixture on the given servers (the shared ones by default), then closes its pools.
    static func with<Value>(
        databaseURL: String = TestServices.databaseURL, redisURL: String = TestServices.redisURL,
        _ body: (APIFixture) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let postgres = PostgresPool(configuration: try PostgresConfiguration(url: databaseURL), logger: logger)
        let redis = RedisPool(configuration: try RedisConfiguration(url: redisURL), logger: logger)
        return try await redis.shutDown {
            try await postgres.shutDown {
                try await Migrator(pool: postgres, folder: TestServices.migrationsFolder, logger: logger).migrate()
                let token = try await TokenStore(pool: postgres).create(name: "test")
                let fixture = APIFixture(
                    databaseURL: databaseURL, redisURL: redisURL, postgres: postgres, redis: redis,
                    streamName: "test:dispatch:\(UUID().uuidString)", token: token, logger: logger)
                let value = try await body(fixture)
                _ = try? await redis.send(["DEL", fixture.streamName])
                return value
            }
        }
    }

    /// The API's configuration for this fixture, after `configure`.
    func configuration(_ configure: (inout APIConfiguration) -> Void = { _ in }) -> APIConfiguration {
        var configuration = APIConfiguration(databaseURL: databaseURL, redisURL: redisURL)
        configuration.streamName = streamName
        configuration.http.port = 0
        configure(&configuration)
        return configuration
    }

    /// Runs `body` against the API through its router (no sockets).
    func withAPI<Value: Sendable>(
        _ configure: (inout APIConfiguration) -> Void = { _ in },
        _ body: @Sendable (APIClient) async throws -> Value
    ) async throws -> Value {
        let app = try await buildApplication(configuration: configuration(configure), logger: logger)
        return try await app.test(.router) { client in
            try await body(APIClient(client: client, token: token.secret))
        }
    }

    /// The ids on this fixture's dispatch stream, in order.
    func streamTaskIDs() async throws -> [String] {
        let reply = try await redis.send(["XRANGE", streamName, "-", "+"])
        return (reply.array ?? []).compactMap { entry in
            guard let parts = entry.array, parts.count == 2, let fields = parts[1].array else { return nil }
            var values: [String: String] = [:]
            for index in stride(from: 0, to: fields.count - 1, by: 2) {
                if let key = fields[index].string { values[key] = fields[index + 1].string }
            }
            return values[DispatchStream.taskField]
        }
    }

    /// The task row with this id, read directly.
    func storedTask(_ id: String) async throws -> TaskRecord? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        return try await TaskStore(pool: postgres).task(id: uuid)
    }
}

/// A test client that sends the fixture's token unless told otherwise, and decodes JSON answers.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String

    /// Sends a request; `token: nil` sends no Authorization header.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String?? = .none,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let bearer = token ?? self.token {
            headers[.authorization] = "Bearer \(bearer)"
        }
        if json != nil, headers[.contentType] == nil {
            headers[.contentType] = "application/json"
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// `POST /v1/tasks` with a JSON body.
    func post(_ json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(.post, "/v1/tasks", json: json, headers: headers)
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The object found by following `keys` from the body's top level, one nested object per key. Each level is
    /// cast on its own: on Linux, casting a parsed object straight to `[String: [String: Any]]` fails.
    func json(at keys: String...) -> [String: Any]? {
        keys.reduce(Optional(json)) { object, key in object?[key] as? [String: Any] }
    }

    /// The body's `errors` as (field, code) pairs.
    var fieldErrors: [(field: String?, code: String)] {
        (json["errors"] as? [[String: Any]] ?? []).map { ($0["field"] as? String, $0["code"] as? String ?? "") }
    }

    /// The body as text.
    var text: String { String(buffer: body) }
}

extension HTTPField.Name {
    /// `Idempotency-Key`.
    static var idempotencyKey: Self { Self("Idempotency-Key")! }
}
