import Foundation

/// A PostgreSQL and a Redis of one test's own, for tests that stop or restart a server under a client.
///
/// The shared servers of `TestServices` must stay up for every other test running in parallel, so a test that
/// takes a server away starts its own pair through `scripts/services` in a folder of its own.
public final class PrivateServices: Sendable {
    /// One of the two servers.
    public enum Server: String, Sendable {
        case postgres
        case redis
    }

    /// The private PostgreSQL's URL.
    public let databaseURL: String
    /// The private Redis's URL.
    public let redisURL: String
    private let directory: String

    private init(directory: String, databaseURL: String, redisURL: String) {
        self.directory = directory
        self.databaseURL = databaseURL
        self.redisURL = redisURL
    }

    /// Starts a fresh pair of servers in a folder named after the test, inside the run's own.
    public static func start(name: String) async throws -> PrivateServices {
        let directory = URL(fileURLWithPath: TestServices.servicesFolder)
            .appendingPathComponent("private/\(name)-\(UUID().uuidString.prefix(8))").path
        let output = try await runScript(["start", "--dir", directory])
        var urls: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { urls[String(parts[0])] = String(parts[1]) }
        }
        guard let database = urls["DATABASE_URL"], let redis = urls["REDIS_URL"] else {
            throw ScriptError(message: "scripts/services start printed no URLs: \(output)")
        }
        return PrivateServices(directory: directory, databaseURL: database, redisURL: redis)
    }

    /// Stops one server and starts it again on the same port.
    public func restart(_ server: Server) async throws {
        _ = try await Self.runScript(["restart", server.rawValue, "--dir", directory])
    }

    /// Stops one server; `start()` brings it back on the same port.
    public func kill(_ server: Server) async throws {
        _ = try await Self.runScript(["kill", server.rawValue, "--dir", directory])
    }

    /// Starts the servers that are not running, on their old ports.
    public func start() async throws {
        _ = try await Self.runScript(["start", "--dir", directory])
    }

    /// Stops both servers and deletes their data, also what lives outside the folder (see `scripts/services`).
    public func stop() async throws {
        _ = try await Self.runScript(["delete", "--dir", directory])
    }

    /// Runs `body` with a fresh pair of servers, and stops them afterwards whether it returned or threw.
    public static func with<Value>(name: String, _ body: (PrivateServices) async throws -> Value) async throws -> Value {
        let services = try await start(name: name)
        do {
            let value = try await body(services)
            try await services.stop()
            return value
        } catch {
            try? await services.stop()
            throw error
        }
    }

    /// A failure of `scripts/services`, with what it printed.
    public struct ScriptError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Runs the script without blocking the concurrency pool: starting PostgreSQL takes seconds.
    static func runScript(_ arguments: [String]) async throws -> String {
        try check(await ChildProcess(script, arguments, environment: ProcessInfo.processInfo.environment).wait(), arguments)
    }

    static let script = TestServices.repositoryRoot.appendingPathComponent("scripts/services").path

    private static func check(_ outcome: ChildProcess.Outcome, _ arguments: [String]) throws -> String {
        guard outcome.status == 0 else {
            throw ScriptError(
                message: "scripts/services \(arguments.joined(separator: " ")) failed: \(outcome.stdout)\(outcome.stderr)")
        }
        return outcome.stdout
    }
}
