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
/// which it fails `/accepting` for `HTTP_DRAIN_MS` while still serving (its load balancer moves new requests to
/// other replicas), then stops accepting connections, finishes the requests in flight and exits 0.
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
            // The drain stands after the server: a group stops its services last to first, so it drains first.
            let drain = DrainService(state: configuration.drain, period: configuration.drainPeriod, logger: logger)
            var group = ServiceGroupConfiguration(
                services: [app, drain], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
            // The drain and the requests in flight get this long together; a second signal does not wait.
            group.maximumGracefulShutdownDuration = .seconds(25)
            group.cancellationSignals = [.sigquit]
            try await ServiceGroup(configuration: group).run()
        } catch {
            ServerProcess.fail("taskbridge-api", "\(error)")
        }
        logger.info("Stopped")
    }
}
