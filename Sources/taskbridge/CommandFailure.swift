import ArgumentParser
import Foundation

/// A command's failure, printed as one line (no stack trace, no usage text) on stderr, exiting with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, for the operator.
    let description: String

    /// Wraps a message.
    init(_ description: String) {
        self.description = description
    }
}

/// Runs a command body, turning a `CommandFailure` (or any error) into one line on stderr and exit status 1.
func reportingFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        // Settings errors list one problem per line; the operator gets them all, on the one line promised.
        let line = "\(error)".split(whereSeparator: \.isNewline).joined(separator: "; ")
        FileHandle.standardError.write(Data("taskbridge: \(line)\n".utf8))
        throw ExitCode.failure
    }
}
