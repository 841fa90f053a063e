import HTTPTypes
import Hummingbird
import Logging

/// Makes every error leave as `application/problem+json`: a thrown error that is not a `Problem` becomes a 500 that
/// discloses nothing, a route that does not exist a 404, a route that exists with other methods a 405, and any bare
/// error response (one without a body type) a problem of the same status.
///
/// It goes on the router before any route, so it wraps every route and the router's own not-found answer.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's routes, to tell a 405 from a 404.
    let routes: RouteTable

    /// Answers with the route's response, or the problem that stands for its error.
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await Self.routerResponse(to: request, context: context, next: next)
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

    /// What the router answers: the route's response, or the response of an error that makes its own (a `Problem`,
    /// the router's not-found `HTTPError`), as `RouterResponder` makes it. Any other error is thrown.
    private static func routerResponse(
        to request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        }
    }

    private func problem(replacing response: Response, for request: Request) -> Problem {
        // Our handlers answer their own 404s as problems, so a bare 404 is the router's: no route matched.
        if response.status == .notFound {
            let allowed = routes.methods(forPath: request.uri.path)
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
}
