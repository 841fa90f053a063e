import HTTPTypes
import Hummingbird
import NIOCore
import PostgresClient
import RedisClient

/// The routes for operators and tools: `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, `/docs`.
struct OperationsController: Sendable {
    /// PostgreSQL, for `/readyz`.
    let postgres: PostgresPool
    /// Redis, for `/readyz`.
    let redis: RedisPool
    /// The metrics `/metrics` renders.
    let metrics: APIMetrics
    /// Where the workers publish the fleet's state, for `/readyz`.
    let fleetStateKey: String
    /// How long `/readyz` waits for each server: it answers within about this long, whatever the servers do.
    var readinessTimeout: Duration = .seconds(1)

    private static let openAPIBody = ByteBuffer(string: OpenAPIDocument.json)
    private static let docsBody = ByteBuffer(string: DocsPage.html)

    /// Adds the routes to `router`.
    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("healthz") { _, _ in
            try JSONBody.response(["status": "ok"])
        }
        router.get("readyz") { _, _ in
            let readiness = await Readiness.check(
                postgres: postgres, redis: redis, fleetStateKey: fleetStateKey, timeout: readinessTimeout)
            return try JSONBody.response(readiness, status: readiness.isReady ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: Self.openAPIBody))
        }
        router.get("docs") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: Self.docsBody))
        }
    }
}
