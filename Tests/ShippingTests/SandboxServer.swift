import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TrelloSandbox

/// A Trello sandbox of one test's own, served in process on a free port, steered through its admin routes.
struct SandboxServer: Sendable {
    /// The Trello API root, for `TRELLO_BASE_URL`.
    let baseURL: String
    /// The admin routes' root.
    let adminURL: String
    /// The seeded board's id.
    let boardID: String

    /// The environment a bridge process needs to reach this sandbox.
    var environment: [String: String] {
        [
            "TRELLO_BASE_URL": baseURL, "TRELLO_API_KEY": Credentials.defaultKey,
            "TRELLO_API_TOKEN": Credentials.defaultToken, "TRELLO_BOARD_ID": boardID,
        ]
    }

    /// Runs `body` with a fresh sandbox; `bare` seeds boards without the list and labels the bridge needs;
    /// `extraBoards` are served beside the seeded one.
    static func with<Value: Sendable>(
        bare: Bool = false, extraBoards: [ExtraBoard] = [], _ body: @Sendable (SandboxServer) async throws -> Value
    ) async throws -> Value {
        var configuration = SandboxConfiguration()
        configuration.port = 0
        configuration.bare = bare
        configuration.extraBoards = extraBoards
        let boardID = configuration.boardID
        return try await buildSandbox(configuration: configuration).test(.live) { client in
            let port = try #require(client.port)
            return try await body(SandboxServer(
                baseURL: "http://127.0.0.1:\(port)/1", adminURL: "http://127.0.0.1:\(port)/_sandbox", boardID: boardID))
        }
    }

    /// Open list names and label names of the board (or the extra board `id`), as the sandbox holds them.
    func board(_ id: String? = nil) async throws -> (lists: [String], labels: [String]) {
        let reply = try await HTTP.send("GET", "\(adminURL)/board" + (id.map { "?board=\($0)" } ?? ""))
        let json = try #require(reply.json as? [String: Any])
        let lists = (json["lists"] as? [[String: Any]] ?? []).filter { ($0["closed"] as? Bool) != true }
        let labels = json["labels"] as? [[String: Any]] ?? []
        return (lists.compactMap { $0["name"] as? String }, labels.compactMap { $0["name"] as? String })
    }

    /// Every card on the board.
    func cards() async throws -> [[String: Any]] {
        try #require(try await HTTP.send("GET", "\(adminURL)/cards").json as? [[String: Any]])
    }

    /// `/1` responses so far by route and outcome, e.g. `["POST /1/boards/{id}/labels": ["200": 4]]`.
    func counters() async throws -> [String: [String: Int]] {
        try #require(try await HTTP.send("GET", "\(adminURL)/counters").json as? [String: [String: Int]])
    }

    /// Sets the injected faults, e.g. `{"rateLimitRate": 1}`.
    func setFaults(_ json: String) async throws {
        let reply = try await HTTP.send(
            "PUT", "\(adminURL)/faults", headers: ["Content-Type": "application/json"], body: Data(json.utf8))
        #expect(reply.status == 200)
    }
}
