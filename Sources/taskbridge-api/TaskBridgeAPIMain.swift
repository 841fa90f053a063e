import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import UnixSignals

/// `taskbridge-api`: reads its settings from the environment, then serves the API until SIGTERM or SIGINT, after
/// which it stops accepting connections, finishes the requests in flight and exits 0.
@main
enum TaskBridgeAPIMain {
    static func main() async {
        var reader = EnvironmentReader(ProcessInfo.processInfo.environment)
        let configuration = APIConfiguration(reading: &reader)
        let logger = ServerProcess.start("taskbridge-api", reader: &reader)
        // Library metrics (swift-metrics) land in the same registry `/metrics` renders.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: configuration.metrics.registry))
        do {
            let app = try await buildApplication(configuration: configuration, logger: logger)
            var group = ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // Requests in flight get this long to finish; a second signal does not wait.
            group.maximumGracefulShutdownDuration = .seconds(25)
            group.cancellationSignals = [.sigquit]
            try await ServiceGroup(configuration: group).run()
        } catch {
            ServerProcess.fail("taskbridge-api", "\(error)")
        }
        logger.info("Stopped")
    }
}
