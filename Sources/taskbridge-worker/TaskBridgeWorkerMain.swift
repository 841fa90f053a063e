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
        let logger = ServerProcess.start("taskbridge-worker", reader: &reader)
        do {
            let group = try buildServiceGroup(configuration: configuration, logger: logger)
            logger.info("Dispatching", metadata: [
                "trello.board": "\(configuration.trello.boardID)",
                "trello.list": "\(configuration.trello.listName)",
                "worker.concurrency": "\(configuration.worker.concurrency)",
            ])
            try await group.run()
        } catch {
            ServerProcess.fail("taskbridge-worker", "\(error)")
        }
        logger.info("Stopped")
    }
}
