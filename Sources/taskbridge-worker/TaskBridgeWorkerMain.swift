import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker

/// `taskbridge-worker`: reads its settings from the environment, then dispatches tasks until SIGTERM or SIGINT,
/// after which it stops reading, lets the tasks in flight finish (within `SHUTDOWN_GRACE_MS`) and exits 0.
@main
enum TaskBridgeWorkerMain {
    static func main() async {
        var reader = EnvironmentReader(ProcessInfo.processInfo.environment)
        let configuration = WorkerConfiguration(reading: &reader)
        let httpHost = reader.string("WORKER_HTTP_HOST", default: "127.0.0.1")
        let httpPort = reader.integer("WORKER_HTTP_PORT", default: 0, in: 0...65535)
        let logger = ServerProcess.start("taskbridge-worker", reader: &reader)
        // The worker's metrics land in the registry its `/metrics` serves.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        do {
            let operations: [any Service] = httpPort == 0 ? [] : [
                OperationsEndpoint.application(host: httpHost, port: httpPort, registry: registry, logger: logger)
            ]
            let group = try buildServiceGroup(configuration: configuration, logger: logger, operations: operations)
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
