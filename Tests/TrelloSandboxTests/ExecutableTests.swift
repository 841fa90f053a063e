import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@Suite("trello-sandbox executable", .timeLimit(.minutes(3)))
struct ExecutableTests {
    @Test("--help lists every option with its default")
    func help() async throws {
        let run = try await ChildProcess.run("trello-sandbox", ["--help"], environment: [:])
        #expect(run.status == 0)
        let expected = [
            "--host <host>", "(default: 127.0.0.1)", "--port <port>", "8090)", "--key <key>",
            "$TRELLO_API_KEY, else sandbox-key", "--token <token>", "$TRELLO_API_TOKEN, else sandbox-token",
            "--board-id <board-id>", "$TRELLO_BOARD_ID", "--seed <seed>", "--bare", "--rate-limit <rate-limit>",
            "--token-limit <token-limit>", "(default: 100)", "--key-limit <key-limit>", "(default: 300)", "--rate-window-ms",
            "--retry-after", "--latency-ms", "--error-rate", "--rate-limit-rate", "--drop-after-create-rate",
            "--max-request-target", "--search-lag-ms", "--log-level", "/_sandbox/cards",
        ]
        for text in expected {
            #expect(run.stdout.contains(text), "\(text)")
        }
    }

    @Test("a bad option stops it at start with a clear line")
    func badOption() async throws {
        let run = try await ChildProcess.run("trello-sandbox", ["--board-id", "nope"], environment: [:])
        #expect(run.status != 0)
        #expect(run.stderr.contains("board id must be 24 hexadecimal characters"))
    }

    @Test("it starts, serves the board with the given options and stops on SIGTERM")
    func serves() async throws {
        let boardID = "abcdefabcdefabcdefabcdef"
        try await Self.withSandbox(["--board-id", boardID, "--key", "k", "--token", "t"], environment: [:]) { port in
            let lists = try await Self.lists(port: port, boardID: boardID, key: "k", token: "t")
            #expect(lists.map(\.name) == ["Backlog", "Doing", "Done"])
        }
    }

    @Test("the key, token and board id come from TRELLO_* when not given, so they stay off the command line")
    func credentialsFromTheEnvironment() async throws {
        let boardID = "0123456789abcdef01234567"
        let environment = ["TRELLO_API_KEY": "env-key", "TRELLO_API_TOKEN": "env-token", "TRELLO_BOARD_ID": boardID]
        try await Self.withSandbox([], environment: environment) { port in
            let lists = try await Self.lists(port: port, boardID: boardID, key: "env-key", token: "env-token")
            #expect(lists.map(\.name) == ["Backlog", "Doing", "Done"])
        }
    }

    /// Runs a bare sandbox on a free port with `arguments` for `body`, then stops it with SIGTERM and expects exit 0.
    private static func withSandbox(
        _ arguments: [String], environment: [String: String], _ body: (Int) async throws -> Void
    ) async throws {
        let process = try ChildProcess("trello-sandbox", ["--port", "0", "--bare"] + arguments, environment: environment)
        do {
            try await body(try await listeningPort(of: process))
        } catch {
            process.send(SIGKILL)
            _ = await process.wait()
            throw error
        }
        process.send(SIGTERM)
        let outcome = await process.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    /// The port from the "listening on HOST:PORT" line the server logs when it is up; waits at most 20 s.
    private static func listeningPort(of process: ChildProcess) async throws -> Int {
        for _ in 0..<400 {
            if let match = process.stderr.firstMatch(of: /listening on [0-9.]+:(\d+)/), let port = Int(match.1) {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("trello-sandbox did not say it was listening within 20 s: \(process.stderr)")
        throw CancellationError()
    }

    private static func lists(port: Int, boardID: String, key: String, token: String) async throws -> [ListDTO] {
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(
                .init("/1/boards/\(boardID)/lists?key=\(key)&token=\(token)", method: .get, authority: "127.0.0.1"))
        }
        #expect(response.status == .ok)
        return try JSONDecoder().decode([ListDTO].self, from: Data(String(buffer: try #require(response.body)).utf8))
    }
}
