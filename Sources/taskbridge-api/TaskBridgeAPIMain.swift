import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import TaskBridgeAPI
import TaskBridgeCore
import UnixSignals

/// `taskbridge-api`: reads its settings from the environment, then serves the API until SIGTERM or SIGINT, after
/// which it stops accepting connections, finishes the requests in flight and exits 0.
@main
enum TaskBridgeAPIMain {
    static func main() async {
        var reader = EnvironmentReader(ProcessInfo.processInfo.environment)
        let configuration = APIConfiguration(reading: &reader)
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
        // Library metrics (swift-metrics) land in the same registry `/metrics` renders.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: configuration.metrics.registry))
        let logger = Logger(label: "taskbridge-api")
        do {
            let app = try await buildApplication(configuration: configuration, logger: logger)
            var group = ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // Requests in flight get this long to finish; a second signal does not wait.
            group.maximumGracefulShutdownDuration = .seconds(25)
            group.cancellationSignals = [.sigquit]
            try await ServiceGroup(configuration: group).run()
        } catch {
            fail("\(error)")
        }
        logger.info("Stopped")
    }

    /// Prints one line per problem on stderr and exits non-zero, without a stack trace.
    private static func fail(_ message: String) -> Never {
        for line in message.split(separator: "\n") {
            FileHandle.standardError.write(Data("taskbridge-api: \(line)\n".utf8))
        }
        exit(1)
    }
}
