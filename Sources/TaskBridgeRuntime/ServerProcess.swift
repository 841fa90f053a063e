import Foundation
import Logging

/// How the long-running executables start: every setting checked before anything runs, bad ones reported one
/// line each on stderr with a non-zero exit (never a stack trace), then logs on stderr at `LOG_LEVEL`, as text or
/// as one JSON object a line (`LOG_FORMAT`), with SIGPIPE ignored.
public enum ServerProcess {
    /// Reads `LOG_LEVEL` and `LOG_FORMAT`, exits when `reader` recorded any problem, ignores SIGPIPE (`BrokenPipes`), bootstraps
    /// logging and returns the logger.
    public static func start(_ program: String, reader: inout EnvironmentReader) -> Logger {
        BrokenPipes.ignore()
        let logLevel = reader.string("LOG_LEVEL", default: "info")
        let logFormat = reader.string("LOG_FORMAT", default: "text")
        do {
            try reader.finish()
        } catch {
            fail(program, error.description)
        }
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            fail(program, "LOG_LEVEL must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["text", "json"].contains(logFormat) else { fail(program, "LOG_FORMAT must be text or json, got \"\(logFormat)\"") }
        LoggingSystem.bootstrap { label in
            guard logFormat == "text" else {
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: program)
    }

    /// Prints `message` on stderr, one line per problem prefixed with the program's name, and exits with status 1.
    public static func fail(_ program: String, _ message: String) -> Never {
        for line in message.split(separator: "\n") {
            FileHandle.standardError.write(Data("\(program): \(line)\n".utf8))
        }
        exit(1)
    }
}
