import Foundation
import TestSupport

/// A built executable run to its end as an operator runs it: its exit status and what it printed.
struct CommandRun: Sendable {
    /// The exit status.
    let status: Int32
    /// Everything printed on stdout.
    let stdout: String
    /// Everything printed on stderr.
    let stderr: String

    /// Where `swift build` puts the executables the tests run.
    static let binaries = TestServices.repositoryRoot.appendingPathComponent(".build/debug")

    /// stderr's non-empty lines.
    var stderrLines: [Substring] { stderr.split(separator: "\n") }

    /// stdout's non-empty lines.
    var stdoutLines: [Substring] { stdout.split(separator: "\n") }

    /// Runs `.build/debug/{executable}` with only `environment` (and a PATH). Output goes to files, so a chatty
    /// process can never stall on a full pipe.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        try await run(path: binaries.appendingPathComponent(executable), arguments, environment: environment)
    }

    /// Runs the executable at `path` with only `environment` (and a PATH), waiting without blocking a thread.
    static func run(path: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        let outcome = try await ChildProcess.run(
            path.path, arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
        // A process ended by a signal gets the shell's status for it, 128 + the signal.
        return CommandRun(status: outcome.status ?? 128 + (outcome.signal ?? 0), stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
