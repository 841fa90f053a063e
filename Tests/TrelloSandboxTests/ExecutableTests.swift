import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("trello-sandbox executable")
struct ExecutableTests {
    @Test("--help lists every option with its default")
    func help() async throws {
        let run = try await LaunchedProcess.run(["--help"])
        #expect(run.status == 0)
        let expected = [
            "--host <host>", "(default: 127.0.0.1)", "--port <port>", "8090)", "--key <key>", "(default: sandbox-key)",
            "--token <token>", "sandbox-token)", "--board-id <board-id>", "--seed <seed>", "--bare", "--rate-limit <rate-limit>",
            "--token-limit <token-limit>", "(default: 100)", "--key-limit <key-limit>", "(default: 300)", "--rate-window-ms",
            "--retry-after", "--latency-ms", "--error-rate", "--rate-limit-rate", "--drop-after-create-rate",
            "--max-request-target", "--search-lag-ms", "--log-level", "/_sandbox/cards",
        ]
        for text in expected {
            #expect(run.output.contains(text), "\(text)")
        }
    }

    @Test("a bad option stops it at start with a clear line")
    func badOption() async throws {
        let run = try await LaunchedProcess.run(["--board-id", "nope"])
        #expect(run.status != 0)
        #expect(run.output.contains("board id must be 24 hexadecimal characters"))
    }

    @Test("it starts, serves the board with the given options and stops on SIGTERM")
    func serves() async throws {
        let boardID = "abcdefabcdefabcdefabcdef"
        let process = try LaunchedProcess(["--port", "0", "--board-id", boardID, "--key", "k", "--token", "t", "--bare"])
        defer { process.terminate() }
        let port = try await process.listeningPort()
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(.init("/1/boards/\(boardID)/lists?key=k&token=t", method: .get, authority: "127.0.0.1"))
        }
        #expect(response.status == .ok)
        let lists = try JSONDecoder().decode([ListDTO].self, from: Data(String(buffer: try #require(response.body)).utf8))
        #expect(lists.map(\.name) == ["Backlog", "Doing", "Done"])
    }
}
