import Foundation
import Testing

/// docker-compose.yml, checked as far as a machine without a Docker engine can: a compose implementation accepts
/// it, and every command it runs exists in the package with the options it passes.
@Suite(.timeLimit(.minutes(3))) struct ComposeTests {
    private static func composeFile() throws -> ComposeFile {
        try ComposeFile(try RepositoryFile.text("docker-compose.yml"))
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func composeAcceptsTheFileWithAndWithoutTheSandboxAndChannelsProfiles() async throws {
        let compose = try #require(await ComposeTool.find())
        for profile in [[], ["--profile", "sandbox"], ["--profile", "sandbox", "--profile", "channels"]] {
            let run = try await ComposeTool.run(compose, profile + ["config", "--quiet"])
            #expect(run.status == 0, "docker compose \(profile) config: \(run.stderr)")
        }
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func composeReadsTheFileAsTheseTestsDo() async throws {
        let compose = try #require(await ComposeTool.find())
        let services = try await ComposeTool.services(compose)
        let file = try Self.composeFile()
        #expect(Set(services.keys) == Set(file.services.keys))
        let read = try SourceVariables.readBySources()
        for (name, service) in services {
            let command = service["command"] as? [String] ?? []
            #expect(command == file.services[name]?.command.map(ComposeFile.withDefaults), "\(name)")
            #expect((service["build"] != nil) == file.services[name]?.usesBridgeImage, "\(name)")
            // Every setting handed to a bridge process is one the code reads: a misspelt name would be ignored.
            if service["build"] != nil {
                let unknown = Set((service["environment"] as? [String: Any] ?? [:]).keys).subtracting(read)
                #expect(unknown.isEmpty, "\(name) sets variables nothing reads: \(unknown.sorted())")
            }
        }
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func theFleetScalesAndTheSandboxIsBehindAProfile() async throws {
        let compose = try #require(await ComposeTool.find())
        let plain = try await ComposeTool.run(compose, ["config", "--services"])
        #expect(Set(plain.stdoutLines) == ["postgres", "redis", "migrate", "api", "lb", "worker"])
        let sandbox = try await ComposeTool.run(compose, ["--profile", "sandbox", "config", "--services"])
        #expect(Set(sandbox.stdoutLines) == ["postgres", "redis", "migrate", "api", "lb", "worker", "trello-sandbox"])

        let services = try await ComposeTool.services(compose, profile: [])
        // `--scale worker=N` and `--scale api=N` need services without a fixed name or host port; the load
        // balancer is what clients reach, with the config that checks each replica's /accepting.
        for name in ["worker", "api"] {
            let service = try #require(services[name])
            #expect(service["container_name"] == nil, "\(name)")
            #expect((service["ports"] as? [Any] ?? []).isEmpty, "\(name)")
        }
        let lb = try #require(services["lb"])
        #expect((lb["ports"] as? [[String: Any]])?.first?["target"] as? Int == 8080)
        let mounts = (lb["volumes"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
        #expect(mounts.contains { $0.hasSuffix("deploy/haproxy/haproxy.cfg") }, "\(mounts)")
        #expect(try RepositoryFile.text("deploy/haproxy/haproxy.cfg").contains("option httpchk GET /accepting"))
        for name in ["postgres", "redis"] {
            #expect(services[name]?["healthcheck"] != nil, "\(name)")
            #expect((services[name]?["volumes"] as? [Any] ?? []).isEmpty == false, "\(name)")
        }
        #expect(services["migrate"]?["restart"] as? String == "no")
    }

    @Test(.enabled(ComposeTool.missing) { await ComposeTool.find() != nil })
    func thePgBouncerOverrideSendsTheAPIAndTheWorkersThroughTransactionPooling() async throws {
        let compose = try #require(await ComposeTool.find())
        let files = ["docker-compose.yml", "docker-compose.pgbouncer.yml"]
        for profile in [[], ["--profile", "sandbox"]] {
            let run = try await ComposeTool.run(compose, profile + ["config", "--quiet"], files: files)
            #expect(run.status == 0, "docker compose \(profile) config with PgBouncer: \(run.stderr)")
        }
        let services = try await ComposeTool.services(compose, files: files)
        func databaseURL(_ name: String) -> String? {
            (services[name]?["environment"] as? [String: Any])?["DATABASE_URL"] as? String
        }
        for name in ["api", "worker"] {
            #expect(databaseURL(name)?.contains("@pgbouncer:6432/") == true, "\(name): \(databaseURL(name) ?? "none")")
            let dependencies = services[name]?["depends_on"] as? [String: Any] ?? [:]
            #expect(dependencies["pgbouncer"] != nil && dependencies["migrate"] != nil, "\(name)")
        }
        #expect(databaseURL("migrate")?.contains("@postgres:5432/") == true)
        // The build context is the folder with PgBouncer's Dockerfile, in transaction mode, with no password in it.
        let ini = try RepositoryFile.text("deploy/pgbouncer/pgbouncer.ini")
        #expect(ini.contains("pool_mode = transaction"))
        #expect(ini.contains("auth_file = /tmp/userlist.txt"))
        #expect(try RepositoryFile.text("deploy/pgbouncer/Dockerfile").contains("pgbouncer"))
        #expect(try RepositoryFile.text("deploy/pgbouncer/entrypoint.sh").contains("/tmp/userlist.txt"))
    }

    @Test func everyCommandTheComposeFileRunsExistsWithItsOptions() async throws {
        let products = try RepositoryFile.executableProducts()
        let dockerfile = try RepositoryFile.text("Dockerfile")
        let file = try Self.composeFile()
        let bridgeServices = file.services.filter(\.value.usesBridgeImage)
        #expect(Set(bridgeServices.keys) == ["migrate", "api", "worker", "trello-sandbox", "slack-sandbox"])
        for (name, service) in bridgeServices {
            let command = try #require(service.command.first, "\(name) runs no command")
            #expect(products.contains(command), "\(name) runs \(command), which Package.swift does not build")
            #expect(dockerfile.contains("\"$bin/\(command)\""), "the image lacks \(command)")
            // The API and the worker take no arguments (settings come from the environment): nothing more to check.
            guard service.command.count > 1 else { continue }
            let subcommands = Array(service.command.dropFirst().prefix { !$0.hasPrefix("-") })
            let help = try await CommandRun.run(command, subcommands + ["--help"])
            #expect(help.status == 0, "\(name): \(service.command.joined(separator: " ")) is not a command: \(help.stderr)")
            for option in service.command.filter({ $0.hasPrefix("--") }) {
                #expect(help.stdout.contains(option), "\(name): \(command) has no \(option)")
            }
        }
    }

    @Test func theImageRunsTheAPIByDefault() throws {
        let dockerfile = try RepositoryFile.text("Dockerfile")
        let command = try #require(dockerfile.firstMatch(of: /\nCMD \["([^"]+)"\]/))
        #expect(try RepositoryFile.executableProducts().contains(String(command.1)))
        #expect(dockerfile.contains("\"$bin/\(command.1)\""))
    }
}
