import Foundation
import Logging

/// The CLI's logger: warnings and worse on stderr, so stdout carries only a command's answer.
enum CommandLog {
    /// A logger that writes to stderr at `warning` (or `LOG_LEVEL`).
    static let logger: Logger = {
        var logger = Logger(label: "taskbridge") { label in StreamLogHandler.standardError(label: label) }
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        logger.logLevel = level ?? .warning
        return logger
    }()
}
