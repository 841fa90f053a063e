import HTTPTypes
import Hummingbird

/// Wraps the whole responder to count every answer by method, route template and status, and time it.
struct MetricsResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context: RequestContext {
    typealias Context = Wrapped.Context

    /// The responder whose answers are measured (the problem-mapping router).
    let wrapped: Wrapped
    /// Where the numbers go.
    let metrics: APIMetrics

    /// Answers with the wrapped responder's response and records it.
    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await wrapped.respond(to: request, context: context)
        // The router stores the matched route's template; "NotFound" (or nothing) means no route matched.
        let route = context.coreContext.endpointPath.value.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let method = countedMethods.contains(request.method) ? request.method.rawValue : "other"
        metrics.recordRequest(
            method: method, route: route, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}

/// Methods counted by name; any other method is counted as `other`, so clients cannot grow the label set.
private let countedMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]
