import CurlClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Trello
import TrelloSandbox

/// A sandbox of a test's own, served over real HTTP on a free port, and steered through its admin routes.
struct Sandbox {
    /// The Trello API root the client under test talks to.
    let baseURL: String
    /// The seeded board.
    let boardID: String
    private let adminURL: String
    private let session: HTTPSession

    /// Runs `body` with a fresh sandbox (`configuration.port` is replaced by a free one).
    static func with<Result: Sendable>(
        _ configuration: SandboxConfiguration = SandboxConfiguration(),
        _ body: @Sendable (Sandbox, HTTPSession) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration
        configuration.port = 0
        let app = buildSandbox(configuration: configuration)
        let session = try HTTPSession(configuration: .init(timeout: .seconds(10)))
        let boardID = configuration.boardID
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await run(app, boardID: boardID, session: session, body))
        } catch {
            outcome = .failure(error)
        }
        await session.shutdown()
        return try outcome.get()
    }

    private static func run<Result: Sendable>(
        _ app: some ApplicationProtocol,
        boardID: String,
        session: HTTPSession,
        _ body: @Sendable (Sandbox, HTTPSession) async throws -> Result
    ) async throws -> Result {
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let sandbox = Sandbox(
                baseURL: "http://127.0.0.1:\(port)/1",
                boardID: boardID,
                adminURL: "http://127.0.0.1:\(port)/_sandbox",
                session: session
            )
            return try await body(sandbox, session)
        }
    }

    /// A client with the sandbox's default credentials.
    func client(_ session: HTTPSession, token: String = Credentials.defaultToken) -> TrelloClient {
        TrelloClient(
            baseURL: baseURL,
            credentials: TrelloCredentials(key: Credentials.defaultKey, token: token),
            session: session,
            requestTimeout: .seconds(5)
        )
    }

    /// `PUT /_sandbox/{path}` with a JSON body, e.g. `faults` with `{"errorRate": 1}`.
    func put(_ path: String, _ json: String) async throws {
        var request = CurlClient.HTTPRequest(method: .put, url: "\(adminURL)/\(path)", body: Array(json.utf8))
        request.headers.add("Content-Type", "application/json")
        try await session.execute(request).ensureSuccess()
    }

    /// Every card on the board, as the sandbox's admin route lists them.
    func cards() async throws -> [TrelloCard] {
        try await session.execute(CurlClient.HTTPRequest(url: "\(adminURL)/cards")).ensureSuccess().decode()
    }

    /// `/1` responses so far by route and outcome, e.g. `["POST /1/cards": ["200": 3]]`.
    func counters() async throws -> [String: [String: Int]] {
        try await session.execute(CurlClient.HTTPRequest(url: "\(adminURL)/counters")).ensureSuccess().decode()
    }
}
