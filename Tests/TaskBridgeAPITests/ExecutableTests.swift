import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// The built executables as operators run them: settings errors, SIGTERM, the CLI's output.
@Suite(.timeLimit(.minutes(3))) struct ExecutableTests {
    @Test func aMissingSettingStopsTheAPIWithOneLineNamingIt() async throws {
        let outcome = try await ChildProcess.run(
            "taskbridge-api", environment: ["REDIS_URL": TestServices.redisURL, "PATH": "/usr/bin:/bin"])
        #expect(outcome.status != 0)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("DATABASE_URL") == true)
    }

    @Test func aMalformedPortStopsTheAPIWithOneLineNamingIt() async throws {
        let outcome = try await ChildProcess.run(
            "taskbridge-api",
            environment: ["DATABASE_URL": TestServices.databaseURL, "REDIS_URL": TestServices.redisURL, "HTTP_PORT": "http"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.contains("HTTP_PORT"))
    }

    @Test func tokensCreatePrintsTheTokenAlone() async throws {
        let environment = ["DATABASE_URL": TestServices.databaseURL, "MIGRATIONS_DIR": TestServices.migrationsFolder]
        let migrated = try await ChildProcess.run("taskbridge", ["migrate"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let created = try await ChildProcess.run("taskbridge", ["tokens", "create", "--name", "cli-test"], environment: environment)
        #expect(created.status == 0)
        #expect(created.stdout.wholeMatch(of: /tb_[A-Za-z0-9_-]{43}\n/) != nil)
    }

    @Test func sigtermDrainsAndExitsZero() async throws {
        let port = try FreePort.pick()
        let process = try ChildProcess(
            "taskbridge-api",
            environment: [
                "DATABASE_URL": TestServices.databaseURL, "REDIS_URL": TestServices.redisURL, "HTTP_PORT": "\(port)",
                "LOG_LEVEL": "error",
            ])
        var alive = false
        for _ in 0..<100 where !alive {
            try await Task.sleep(for: .milliseconds(100))
            let request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/healthz")!)
            alive = (try? await URLSession.shared.data(for: request)) != nil
        }
        #expect(alive)
        process.send(SIGTERM)
        let outcome = await process.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }
}
