import Foundation
import Testing

/// The `trello-sandbox` executable built next to the tests, run as a child process.
final class LaunchedProcess {
    /// What a process that ran to its end printed, and its exit status.
    struct Outcome: Sendable {
        let status: Int32
        let output: String
    }

    private let process: Process
    private let lines: AsyncStream<String>

    /// Starts the executable with `arguments`, collecting what it prints on stdout and stderr.
    init(_ arguments: [String]) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("trello-sandbox")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        // Reads happen on Foundation's own thread, never on the cooperative pool.
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
            } else {
                continuation.yield(String(decoding: data, as: UTF8.self))
            }
        }
        try process.run()
        self.process = process
        self.lines = lines
    }

    /// Runs the executable with `arguments` to its end.
    static func run(_ arguments: [String]) async throws -> Outcome {
        let launched = try LaunchedProcess(arguments)
        var output = ""
        for await chunk in launched.lines {
            output += chunk
        }
        while launched.process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
        return Outcome(status: launched.process.terminationStatus, output: output)
    }

    /// The port from the "listening on HOST:PORT" line the server logs when it is up.
    func listeningPort() async throws -> Int {
        var output = ""
        for await chunk in self.lines {
            output += chunk
            if let match = output.firstMatch(of: /listening on [0-9.]+:(\d+)/), let port = Int(match.1) {
                return port
            }
        }
        Issue.record("trello-sandbox ended without listening: \(output)")
        throw CancellationError()
    }

    /// Stops the process with SIGTERM.
    func terminate() {
        if self.process.isRunning { self.process.terminate() }
    }
}
