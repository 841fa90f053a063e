import HTTPTypes
import Hummingbird

/// Counts every answer by method, route template and status, and times it. It goes on the router first, so it
/// measures every route and the router's own not-found answer, as the problems `ProblemMiddleware` made of them.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where the numbers go.
    let metrics: APIMetrics

    /// Answers with the next responder's response and records it.
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        // The router stores the matched route's template; "NotFound" (or nothing) means no route matched.
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let method = countedMethods.contains(request.method) ? request.method.rawValue : "other"
        metrics.recordRequest(
            method: method, route: route, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}

/// Methods counted by name; any other method is counted as `other`, so clients cannot grow the label set.
private let countedMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]
