import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import TaskBridgeAPI
import TaskBridgeCore

/// The API's router over in-memory tasks, tokens and queue, driven without sockets (`.router`), with one live token.
struct MemoryAPI: Sendable {
    let tasks: WatchedTaskRepository
    let tokens = MemoryTokenRepository()
    let queue = MemoryTaskQueue()
    /// The configuration the router is built with (its servers' URLs are never used).
    var configuration = APIConfiguration(databaseURL: "postgres://unused", redisURL: "redis://unused")

    init(tasks: WatchedTaskRepository = WatchedTaskRepository()) {
        self.tasks = tasks
    }

    /// Runs `body` with a client of the API that sends the live token unless told otherwise.
    func run<Value: Sendable>(_ body: @Sendable (Client) async throws -> Value) async throws -> Value {
        let logger = Logger(label: "MemoryAPI") { _ in SwiftLogNoOpLogHandler() }
        let token = await tokens.create(name: "test")
        let intake = TaskIntake(configuration: configuration, tasks: tasks, queue: queue, logger: logger)
        let authenticator = TokenAuthenticator(configuration: configuration, tokens: tokens)
        let router = buildRouter(
            configuration: configuration, intake: intake, authenticator: authenticator, tasks: tasks, operations: nil,
            logger: logger)
        // The router test framework runs the application's services around the test, as a server would.
        let app = Application(router: router, services: [intake, authenticator], logger: logger)
        return try await app.test(.router) { client in
            try await body(Client(client: client, token: token))
        }
    }

    /// Sends requests as the holder of one token.
    struct Client: Sendable {
        let client: any TestClientProtocol
        /// The live token requests carry by default.
        let token: IssuedToken

        /// Sends `body` (JSON) with the bearer `secret` (the live token's by default; nil for none).
        func send(
            _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, idempotencyKey: String? = nil,
            secret: String?? = .none
        ) async throws -> TestResponse {
            var headers: HTTPFields = [:]
            if let secret = secret ?? token.secret { headers[.authorization] = "Bearer \(secret)" }
            if body != nil { headers[.contentType] = "application/json" }
            if let idempotencyKey { headers[.idempotencyKey] = idempotencyKey }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        }

        /// `POST /v1/tasks`.
        func create(_ body: String, idempotencyKey: String? = nil, secret: String?? = .none) async throws -> TestResponse {
            try await send(.post, "/v1/tasks", body: body, idempotencyKey: idempotencyKey, secret: secret)
        }
    }
}

/// The parts of the API's JSON answers the tests read.
enum Answer {
    /// A task.
    struct Task: Decodable, Equatable {
        var id: String
        var type: String
        var title: String
        var status: String
    }

    /// A page of tasks.
    struct Page: Decodable {
        var items: [Task]
        var nextCursor: String?
    }

    /// A problem (RFC 9457), with the fields it names.
    struct Problem: Decodable {
        struct FieldError: Decodable, Equatable {
            var field: String?
            var code: String
        }

        var type: String
        var status: Int
        var errors: [FieldError]?
    }

    /// Decodes a response body.
    static func decode<Value: Decodable>(_ type: Value.Type, from response: TestResponse) throws -> Value {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(response.body.readableBytesView))
    }
}
