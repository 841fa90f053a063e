import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// The built executables as operators run them: settings errors, SIGTERM, the CLI's output.
@Suite struct ExecutableTests {
    private static let binaries = TestServices.repositoryRoot.appendingPathComponent(".build/debug")

    /// Runs a built executable to completion and returns its status, stdout and stderr.
    private static func run(_ name: String, _ arguments: [String], environment: [String: String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = binaries.appendingPathComponent(name)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func aMissingSettingStopsTheAPIWithOneLineNamingIt() throws {
        let (status, _, stderr) = try Self.run(
            "taskbridge-api", [], environment: ["REDIS_URL": TestServices.redisURL, "PATH": "/usr/bin:/bin"])
        #expect(status != 0)
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("DATABASE_URL") == true)
    }

    @Test func aMalformedPortStopsTheAPIWithOneLineNamingIt() throws {
        let (status, _, stderr) = try Self.run(
            "taskbridge-api", [],
            environment: ["DATABASE_URL": TestServices.databaseURL, "REDIS_URL": TestServices.redisURL, "HTTP_PORT": "http"])
        #expect(status != 0)
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(stderr.contains("HTTP_PORT"))
    }

    @Test func tokensCreatePrintsTheTokenAlone() throws {
        let environment = ["DATABASE_URL": TestServices.databaseURL, "MIGRATIONS_DIR": APIFixture.migrationsFolder]
        let (migrated, _, migrateErrors) = try Self.run("taskbridge", ["migrate"], environment: environment)
        #expect(migrated == 0, "\(migrateErrors)")
        let (status, stdout, _) = try Self.run("taskbridge", ["tokens", "create", "--name", "cli-test"], environment: environment)
        #expect(status == 0)
        #expect(stdout.wholeMatch(of: /tb_[A-Za-z0-9_-]{43}\n/) != nil)
    }

    @Test func sigtermDrainsAndExitsZero() async throws {
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("taskbridge-api")
        process.environment = [
            "DATABASE_URL": TestServices.databaseURL, "REDIS_URL": TestServices.redisURL, "HTTP_PORT": "\(port)",
            "LOG_LEVEL": "error",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        var alive = false
        for _ in 0..<100 where !alive {
            try await Task.sleep(for: .milliseconds(100))
            let request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/healthz")!)
            alive = (try? await URLSession.shared.data(for: request)) != nil
        }
        #expect(alive)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
