import HTTPTypes
import Hummingbird
import NIOCore
import PostgresClient
import RedisClient

/// The routes for operators and tools: `/healthz`, `/readyz`, `/accepting`, `/metrics`, `/openapi.json`, `/docs`.
struct OperationsController: Sendable {
    /// PostgreSQL, for `/readyz`.
    let postgres: PostgresPool
    /// Redis, for `/readyz`.
    let redis: RedisPool
    /// The metrics `/metrics` renders.
    let metrics: APIMetrics
    /// Where the workers publish the fleet's state, for `/readyz`.
    let fleetStateKey: String
    /// Set once the replica is asked to stop, for `/accepting`.
    let drain: DrainState
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
        // For the load balancer: only whether this replica can take tasks now. A paused fleet or Redis down
        // is no reason to send clients elsewhere (tasks are stored and wait), so unlike /readyz it ignores both.
        router.get("accepting") { _, _ in
            let acceptance = await Acceptance.check(postgres: postgres, drain: drain, timeout: readinessTimeout)
            var response = EditedResponse(status: acceptance.isAccepting ? .ok : .serviceUnavailable, response: acceptance)
            if !acceptance.isAccepting { response.headers[.retryAfter] = "1" }
            return response
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
