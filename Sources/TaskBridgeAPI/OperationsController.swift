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
    /// The OpenAPI document and the page rendered from it, for `/openapi.json` and `/docs`.
    let documentation: APIDocumentation

    /// Adds the routes to `router`.
    func addRoutes(to router: Router<APIRequestContext>) {
        let openAPIBody = ByteBuffer(string: documentation.openAPI)
        let docsBody = ByteBuffer(string: documentation.page)
        router.get("healthz") { _, _ in
            ["status": "ok"]
        }
        router.get("readyz") { _, _ in
            let readiness = await Readiness.check(
                postgres: postgres, redis: redis, fleetStateKey: fleetStateKey, timeout: readinessTimeout)
            return EditedResponse(status: readiness.isReady ? .ok : .serviceUnavailable, response: readiness)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.get("openapi.json") { _, _ in
            JSONBody.response(openAPIBody)
        }
        router.get("docs") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: docsBody))
        }
    }
}
