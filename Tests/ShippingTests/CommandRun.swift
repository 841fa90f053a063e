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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shipping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = path
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return CommandRun(
            status: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
