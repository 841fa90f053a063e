import Foundation
import HTTPTypes
import Hummingbird
import TaskBridgeCore

/// Requires `Authorization: Bearer <token>` with a live token on every route it guards, and records what it grants
/// in the context; answers 401 (with a `WWW-Authenticate` challenge) otherwise, and 403 when the token lacks the
/// scope the request needs.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// Checks tokens.
    let authenticator: TokenAuthenticator
    /// The scope a request needs.
    let requiredScope: @Sendable (Request) -> TokenScope

    /// The task routes' rule: reading needs `tasks:read`, anything else `tasks:write`.
    static func taskScope(_ request: Request) -> TokenScope {
        request.method == .get || request.method == .head ? .tasksRead : .tasksWrite
    }

    /// Authenticates the request, then hands it on.
    func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("Send the header Authorization: Bearer <token>.", invalidToken: false)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized(
                "The Authorization header must use the Bearer scheme: Authorization: Bearer <token>.",
                invalidToken: false)
        }
        // Character.isWhitespace rather than Foundation's trimmingCharacters(in:), which bridges through NSString
        // and cost 3% of the API's CPU under load.
        var secret = parts[1]
        while secret.first?.isWhitespace == true { secret.removeFirst() }
        while secret.last?.isWhitespace == true { secret.removeLast() }
        guard let grant = try await authenticator.authenticate(String(secret)) else {
            throw Problem.unauthorized("The token is unknown or revoked.", invalidToken: true)
        }
        let scope = requiredScope(request)
        guard grant.scopes.contains(scope) else { throw Problem.forbidden(scope) }
        var context = context
        context.grant = grant
        return try await next(request, context)
    }
}
