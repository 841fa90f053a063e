import Hummingbird
import Logging
import NIOCore
import Prometheus

/// The worker's small HTTP server for operators (`WORKER_HTTP_PORT`): `/metrics` in Prometheus text format
/// (dispatch outcomes, attempts, Trello latency and errors, rate-limit waits, queue depth and wait, pause state)
/// and `/healthz`. Off unless a port is set: a fleet of workers on one host would otherwise fight over one port.
enum OperationsEndpoint {
    /// The application serving both routes from `registry`.
    static func application(
        host: String, port: Int, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            logger: logger)
    }
}
