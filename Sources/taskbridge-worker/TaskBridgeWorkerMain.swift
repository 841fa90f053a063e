import Foundation
import Logging
import ServiceLifecycle
import TaskBridgeCore
import TaskBridgeWorker

/// `taskbridge-worker`: reads its settings from the environment, then dispatches tasks until SIGTERM or SIGINT,
/// after which it stops reading, lets the tasks in flight finish (within `SHUTDOWN_GRACE_MS`) and exits 0.
@main
enum TaskBridgeWorkerMain {
    static func main() async {
        var reader = EnvironmentReader(ProcessInfo.processInfo.environment)
        let configuration = WorkerConfiguration(reading: &reader)
        let logLevel = reader.string("LOG_LEVEL", default: "info")
        do {
            try reader.finish()
        } catch {
            fail(error.description)
        }
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            fail("LOG_LEVEL must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "taskbridge-worker")
        do {
            let group = try buildServiceGroup(configuration: configuration, logger: logger)
            logger.info("Dispatching", metadata: [
                "trello.board": "\(configuration.trello.boardID)",
                "trello.list": "\(configuration.trello.listName)",
                "worker.concurrency": "\(configuration.worker.concurrency)",
            ])
            try await group.run()
        } catch {
            fail("\(error)")
        }
        logger.info("Stopped")
    }

    /// Prints one line per problem on stderr and exits non-zero, without a stack trace.
    private static func fail(_ message: String) -> Never {
        for line in message.split(separator: "\n") {
            FileHandle.standardError.write(Data("taskbridge-worker: \(line)\n".utf8))
        }
        exit(1)
    }
}
