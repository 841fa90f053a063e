import HTTPTypes
import Hummingbird
import Logging

/// Wraps the router so that every error leaves as `application/problem+json`: a thrown error that is not a
/// `Problem` becomes a 500 that discloses nothing, a route that does not exist a 404, a route that exists with other
/// methods a 405, and any bare error response (one without a body type) a problem of the same status.
struct ProblemResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context: RequestContext {
    typealias Context = Wrapped.Context

    /// The router's responder.
    let wrapped: Wrapped
    /// Every route the router has, to tell a 405 from a 404.
    let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    /// Answers with the router's response, or the problem that stands for its error.
    func respond(to request: Request, context: Context) async throws -> Response {
        let response: Response
        do {
            response = try await wrapped.respond(to: request, context: context)
        } catch {
            return try Problem(storeError: error, logger: context.logger).response(from: request, context: context)
        }
        // A response with a body type was made on purpose (a problem, or `/readyz`'s report); only a bare error
        // status from the framework is replaced.
        guard response.status.code >= 400, response.headers[.contentType] == nil else {
            return response
        }
        return try problem(replacing: response, for: request).response(from: request, context: context)
    }

    private func problem(replacing response: Response, for request: Request) -> Problem {
        // Our handlers answer their own 404s as problems, so a bare 404 is the router's: no route matched.
        if response.status == .notFound {
            let allowed = methods(forPath: request.uri.path)
            return allowed.isEmpty || allowed.contains(request.method)
                ? .noRoute(request.uri.path)
                : .methodNotAllowed(request.method, allowed: allowed)
        }
        if let type = ProblemType.allCases.first(where: { $0.status == response.status }) {
            return Problem(type, detail: type.title + ".")
        }
        return response.status.code >= 500
            ? .internalError
            : Problem(.badRequest, detail: "The request cannot be processed (\(response.status.code)).")
    }

    /// The methods of every route whose path matches `path`, in a stable order.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.filter { route in
            route.path.components.count == segments.count
                && zip(route.path.components, segments).allSatisfy { element, segment in element ~= segment }
        }.map(\.method)
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
