import Foundation
import Testing

/// docker-compose.yml holds no open doors: loopback-only admin routes, a Redis that wants a password, no credential
/// on a command line, health checks on the bridge's servers, and stop periods longer than each process's own grace.
@Suite(.timeLimit(.minutes(3))) struct ComposeExposureTests {
    private static let trelloKey = "key-that-must-stay-off-argv"
    private static let trelloToken = "token-that-must-stay-off-argv"

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func theSandboxAndItsAdminRoutesArePublishedOnLoopbackOnly() async throws {
        let compose = try #require(await ComposeTool.find())
        let sandbox = try #require(try await ComposeTool.services(compose)["trello-sandbox"])
        let ports = try #require(sandbox["ports"] as? [[String: Any]])
        #expect(!ports.isEmpty)
        for port in ports {
            #expect(port["host_ip"] as? String == "127.0.0.1", "\(port)")
        }
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func composeRefusesToStartWithoutARedisPassword() async throws {
        let compose = try #require(await ComposeTool.find())
        let run = try await ComposeTool.run(compose, ["config", "--quiet"], variables: [:])
        #expect(run.status != 0)
        #expect(run.stderr.contains("REDIS_PASSWORD"), "\(run.stderr)")
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func redisRequiresThePasswordAndEveryBridgeServiceSendsIt() async throws {
        let compose = try #require(await ComposeTool.find())
        let password = try #require(ComposeTool.requiredVariables["REDIS_PASSWORD"])
        let services = try await ComposeTool.services(compose)
        let redis = try #require(services["redis"])
        let command = (redis["command"] as? [String] ?? []).joined(separator: " ")
        #expect(command.contains("requirepass \"$$REDIS_PASSWORD\""), "\(command)")
        // Fed on stdin from the container's environment, the password is in no process's arguments.
        #expect(!command.contains(password))
        #expect((redis["environment"] as? [String: Any])?["REDIS_PASSWORD"] as? String == password)
        let check = (redis["healthcheck"] as? [String: Any])?["test"] as? [String] ?? []
        #expect(check.joined(separator: " ").contains("REDISCLI_AUTH"), "a health check without the password fails")
        for name in ["migrate", "api", "worker", "trello-sandbox"] {
            let url = (services[name]?["environment"] as? [String: Any])?["REDIS_URL"] as? String
            #expect(url == "redis://:\(password)@redis:6379/0", "\(name)")
        }
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func noTrelloCredentialIsOnACommandLine() async throws {
        let compose = try #require(await ComposeTool.find())
        let variables = ComposeTool.requiredVariables.merging(
            ["TRELLO_API_KEY": Self.trelloKey, "TRELLO_API_TOKEN": Self.trelloToken]) { $1 }
        let services = try await ComposeTool.services(compose, variables: variables)
        for (name, service) in services {
            let healthcheck = (service["healthcheck"] as? [String: Any])?["test"] as? [String] ?? []
            let argv = (service["entrypoint"] as? [String] ?? []) + (service["command"] as? [String] ?? []) + healthcheck
            for secret in [Self.trelloKey, Self.trelloToken] {
                #expect(!argv.joined(separator: " ").contains(secret), "\(name) puts a Trello credential in its arguments")
            }
        }
        // The sandbox still gets them, through the environment its TRELLO_* fallbacks read.
        let sandbox = try #require(services["trello-sandbox"]?["environment"] as? [String: Any])
        #expect(sandbox["TRELLO_API_KEY"] as? String == Self.trelloKey)
        #expect(sandbox["TRELLO_API_TOKEN"] as? String == Self.trelloToken)
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func theAPIAndTheWorkerHaveHealthChecksTheImageCanRun() async throws {
        let compose = try #require(await ComposeTool.find())
        let services = try await ComposeTool.services(compose)
        let ports = [
            "api": (services["api"]?["environment"] as? [String: Any])?["HTTP_PORT"] as? String,
            "worker": (services["worker"]?["environment"] as? [String: Any])?["WORKER_HTTP_PORT"] as? String,
        ]
        for (name, port) in ports {
            let port = try #require(port, "\(name) sets no port")
            let check = try #require((services[name]?["healthcheck"] as? [String: Any])?["test"] as? [String], "\(name)")
            #expect(check.first == "CMD" && check.dropFirst().first == "curl", "\(name): \(check)")
            #expect(check.contains("http://127.0.0.1:\(port)/healthz"), "\(name): \(check)")
        }
        // The runtime stage (after the last FROM) installs the curl the checks run.
        let runtime = try #require(try RepositoryFile.text("Dockerfile").components(separatedBy: "\nFROM ").last)
        #expect(runtime.contains(" curl "), "the runtime image lacks curl")
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func everyStopGracePeriodOutlastsTheProcessesOwnGrace() async throws {
        let compose = try #require(await ComposeTool.find())
        let services = try await ComposeTool.services(compose)
        // The graces the processes give themselves after SIGTERM, read from the code that sets them.
        let api = try Self.seconds(in: "Sources/taskbridge-api/TaskBridgeAPIMain.swift", /maximumGracefulShutdownDuration = \.seconds\((\d+)\)/)
        let inFlight = try Self.seconds(in: "Sources/TaskBridgeWorker/WorkerConfiguration.swift", /shutdownGrace: Duration = \.seconds\((\d+)\)/)
        let closing = try Self.seconds(in: "Sources/TaskBridgeWorker/ServiceGroup+build.swift", /shutdownGrace \+ \.seconds\((\d+)\)/)
        // Docker's own default is 10 s; PostgreSQL, Redis and the sandbox need more than that to stop cleanly.
        let graces = ["api": api, "worker": inFlight + closing, "postgres": 10, "redis": 10, "trello-sandbox": 10]
        for (name, grace) in graces {
            let period = try #require(services[name]?["stop_grace_period"] as? String, "\(name) has no stop_grace_period")
            #expect(try Self.seconds(period) > grace, "\(name): stop_grace_period \(period) is not longer than \(grace) s")
        }
    }

    /// The whole seconds the first capture of `pattern` in the repository file at `path` gives.
    private static func seconds(in path: String, _ pattern: Regex<(Substring, Substring)>) throws -> Int {
        let match = try #require(try RepositoryFile.text(path).firstMatch(of: pattern), "\(path) no longer sets its grace so")
        return try #require(Int(match.1))
    }

    /// Seconds in a compose duration such as `30s`, `1m30s` or `2m`.
    private static func seconds(_ duration: String) throws -> Int {
        let parts = duration.matches(of: /(\d+)(h|m|s)/)
        #expect(!parts.isEmpty, "\(duration) is not a duration these tests read")
        return parts.reduce(0) { total, part in
            total + (Int(part.1) ?? 0) * ["h": 3600, "m": 60, "s": 1][String(part.2), default: 0]
        }
    }
}
