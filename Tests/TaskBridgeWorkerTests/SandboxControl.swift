import CurlClient
import Foundation
import Trello
import TrelloSandbox

/// A test's sandbox seen from outside over HTTP: its Trello root for the workers, and its admin routes for the test.
struct SandboxControl: Sendable {
    /// A label of the sandbox's board.
    struct Label: Decodable, Sendable {
        let id: String
        let name: String
    }

    /// A member of the sandbox's board.
    struct Member: Decodable, Sendable {
        let id: String
    }

    /// A list of the sandbox's board.
    struct List: Decodable, Sendable {
        let id: String
        let name: String
    }

    /// The board as `GET /_sandbox/board` shows it.
    struct Board: Decodable, Sendable {
        let lists: [List]
        let labels: [Label]
        let members: [Member]
    }

    /// The port the sandbox listens on.
    let port: Int
    /// The seeded board.
    let boardID: String
    let session: HTTPSession

    /// The Trello API root the workers talk to.
    var baseURL: String { "http://127.0.0.1:\(port)/1" }
    private var adminURL: String { "http://127.0.0.1:\(port)/_sandbox" }

    /// `PUT /_sandbox/{path}` with a JSON body, e.g. `faults` with `{"errorRate": 1}`.
    func put(_ path: String, _ json: String) async throws {
        var request = CurlClient.HTTPRequest(method: .put, url: "\(adminURL)/\(path)", body: Array(json.utf8))
        request.headers.add("Content-Type", "application/json")
        _ = try await session.execute(request).ensureSuccess()
    }

    /// `POST /_sandbox/{path}` with a JSON body, e.g. `cards/{id}/move` with `{"list": "Done"}`.
    func post(_ path: String, _ json: String = "{}") async throws {
        var request = CurlClient.HTTPRequest(method: .post, url: "\(adminURL)/\(path)", body: Array(json.utf8))
        request.headers.add("Content-Type", "application/json")
        _ = try await session.execute(request).ensureSuccess()
    }

    /// A request to the sandbox's Trello with the accepted credentials, as a person's own client would send it:
    /// `method` `/1/{path}` with `parameters` in the query.
    func trello(_ method: HTTPMethod, _ path: String, _ parameters: [String: String] = [:]) async throws {
        var query = ["key": Credentials.defaultKey, "token": Credentials.defaultToken]
        query.merge(parameters) { _, given in given }
        let encoded = query.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        let request = CurlClient.HTTPRequest(method: method, url: "\(baseURL)/\(path)?\(encoded.joined(separator: "&"))")
        _ = try await session.execute(request).ensureSuccess()
    }

    /// The sandbox's webhooks as `GET /_sandbox/webhooks` shows them.
    func webhooks() async throws -> [TrelloWebhook] {
        try await session.execute(CurlClient.HTTPRequest(url: "\(adminURL)/webhooks")).ensureSuccess().decode()
    }

    /// Every card on the board, or on the extra board `board`.
    func cards(onBoard board: String? = nil) async throws -> [TrelloCard] {
        let query = board.map { "?board=\($0)" } ?? ""
        return try await session.execute(CurlClient.HTTPRequest(url: "\(adminURL)/cards\(query)")).ensureSuccess().decode()
    }

    /// The board's lists, labels and members.
    func board() async throws -> Board {
        try await session.execute(CurlClient.HTTPRequest(url: "\(adminURL)/board")).ensureSuccess().decode()
    }

    /// `/1` responses so far by route and outcome, e.g. `["POST /1/cards": ["200": 3]]`.
    func counters() async throws -> [String: [String: Int]] {
        try await session.execute(CurlClient.HTTPRequest(url: "\(adminURL)/counters")).ensureSuccess().decode()
    }

    /// How many `/1` responses had `outcome` (a status like "429", or "dropped"), over every route.
    func count(of outcome: String) async throws -> Int {
        try await counters().values.reduce(0) { $0 + ($1[outcome] ?? 0) }
    }
}
