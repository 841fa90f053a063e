import Foundation

/// An HAProxy of one test's own in front of API replicas, run on `deploy/haproxy/haproxy.cfg` itself: round
/// robin, health checks on `/accepting`, retries only of connections that never reached a replica.
public final class HAProxy: Sendable {
    /// Where clients reach the replicas through it.
    public let port: Int
    private let process: ChildProcess
    private let folder: URL

    private init(port: Int, process: ChildProcess, folder: URL) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    /// Whether Debian's `haproxy` is installed (`scripts/install-deps` tries to install it).
    public static let binary = TestServices.installedProgram("haproxy")

    /// `deploy/haproxy/haproxy.cfg` listening on the loopback `port`, for replicas on the loopback `backends`,
    /// checked every `checkInterval` (a test's replicas drain for less than a deployment's).
    public static func configuration(port: Int, backends: [Int], checkInterval: Duration) throws -> String {
        let file = TestServices.repositoryRoot.appendingPathComponent("deploy/haproxy/haproxy.cfg")
        let milliseconds = checkInterval.components.seconds * 1000 + checkInterval.components.attoseconds / 1_000_000_000_000_000
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.flatMap { line -> [String] in
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("bind ") { return ["    bind 127.0.0.1:\(port)"] }
            if text.hasPrefix("default-server ") { return [String(line).replacing("inter 1s", with: "inter \(milliseconds)ms")] }
            if text.hasPrefix("server-template ") {
                return backends.enumerated().map { "    server api\($0.offset + 1) 127.0.0.1:\($0.element) check" }
            }
            return [String(line)]
        }.joined(separator: "\n")
    }

    /// Starts HAProxy in front of `backends` on a free port and waits until it listens; throws when it will not.
    public static func start(backends: [Int], checkInterval: Duration = .milliseconds(500)) async throws -> HAProxy {
        guard let binary else { throw ChildProcess.SpawnError(description: "haproxy is not installed") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taskbridge-haproxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lastError = ""
        for _ in 0..<5 {
            let port = try FreePort.pick()
            let file = folder.appendingPathComponent("haproxy.cfg")
            try configuration(port: port, backends: backends, checkInterval: checkInterval)
                .write(to: file, atomically: true, encoding: .utf8)
            // -db: stay in the foreground, so the process is the child we reap.
            let process = try ChildProcess(binary, ["-db", "-f", file.path], environment: [:])
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(100))
                if kill(process.pid, 0) != 0 || process.stderr.contains("ALERT") { break }
                if canConnect(port) { return HAProxy(port: port, process: process, folder: folder) }
            }
            process.send(SIGKILL)
            lastError = (await process.wait()).stderr
        }
        try? FileManager.default.removeItem(at: folder)
        throw ChildProcess.SpawnError(description: "haproxy did not start: \(lastError)")
    }

    /// Stops HAProxy and waits for it.
    public func stop() async {
        process.send(SIGTERM)
        _ = await process.wait()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Whether something accepts TCP connections on the loopback `port`.
    public static func canConnect(_ port: Int) -> Bool {
        succeedsOnLoopback(port: port, connect)
    }
}
