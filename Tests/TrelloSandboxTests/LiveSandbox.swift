import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TrelloSandbox

/// A sandbox of a test's own, served over real HTTP on a free port.
struct LiveSandbox: Sendable {
    /// `key` and `token` query parameters with the default credentials.
    static let auth = "key=\(Credentials.defaultKey)&token=\(Credentials.defaultToken)"

    /// The port the sandbox listens on.
    let port: Int
    /// The seeded board's id.
    let boardID: String
    private let client: any TestClientProtocol

    /// Runs `body` against a fresh sandbox started with `configuration` (its port replaced by a free one).
    @discardableResult
    static func with<Result: Sendable>(
        _ configuration: SandboxConfiguration = SandboxConfiguration(),
        _ body: @Sendable (LiveSandbox) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration
        configuration.port = 0
        let boardID = configuration.boardID
        var logger = Logger(label: "trello-sandbox")
        logger.logLevel = .warning
        return try await buildSandbox(configuration: configuration, logger: logger).test(.live) { client in
            try await body(LiveSandbox(port: try #require(client.port), boardID: boardID, client: client))
        }
    }

    /// Sends a request on the test's shared connection.
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> Reply {
        let response = try await self.client.executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// Sends a request on a connection of its own, for requests that may lose their connection.
    func sendAlone(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> Reply {
        try await TestClient.withClient(host: "127.0.0.1", port: self.port, configuration: .init(timeout: .seconds(10))) { client in
            let request = TestClient.Request(uri, method: method, authority: "127.0.0.1", headers: headers, body: body.map { ByteBuffer(string: $0) })
            let response = try await client.execute(request)
            return Reply(status: response.status, headers: response.headers, body: response.body.map { String(buffer: $0) } ?? "")
        }
    }

    /// `GET` with the default credentials in the query.
    func get(_ path: String, query: String = "") async throws -> Reply {
        try await self.send(.get, "\(path)?\(Self.auth)\(query.isEmpty ? "" : "&")\(query)")
    }

    /// `POST` with the default credentials in the query and `json` as a JSON body.
    func post(_ path: String, json: [String: String]) async throws -> Reply {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        return try await self.send(.post, "\(path)?\(Self.auth)", headers: [.contentType: "application/json"], body: body)
    }

    /// `PUT /_sandbox/{path}` with a JSON body.
    func admin(put path: String, _ json: String) async throws -> Reply {
        try await self.sendAlone(.put, "/_sandbox/\(path)", headers: [.contentType: "application/json"], body: json)
    }

    /// The seeded board as `GET /_sandbox/board` describes it.
    func board() async throws -> AdminBoard {
        try await self.sendAlone(.get, "/_sandbox/board").decoded()
    }

    /// Every card on the seeded board, from `GET /_sandbox/cards`.
    func cards() async throws -> [CardDTO] {
        try await self.sendAlone(.get, "/_sandbox/cards").decoded()
    }

    /// `/1` responses so far by route and outcome.
    func counters() async throws -> [String: [String: Int]] {
        try await self.sendAlone(.get, "/_sandbox/counters").decoded()
    }

    /// Makes a card in the seeded board's first list, checking that it worked.
    func createCard(_ fields: [String: String] = [:]) async throws -> CardDTO {
        let listID = try await self.board().lists[0].id
        let reply = try await self.post("/1/cards", json: ["idList": listID].merging(fields) { $1 })
        try #require(reply.status == .ok, "\(reply.body)")
        return try reply.decoded()
    }
}
