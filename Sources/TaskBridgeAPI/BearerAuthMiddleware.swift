import Foundation
import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <token>` with a live token on every route it guards, and records the token's
/// id in the context; answers 401 (with a `WWW-Authenticate` challenge) otherwise.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// Checks tokens.
    let authenticator: TokenAuthenticator

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
        guard let tokenID = try await authenticator.authenticate(String(secret)) else {
            throw Problem.unauthorized("The token is unknown or revoked.", invalidToken: true)
        }
        var context = context
        context.tokenID = tokenID
        return try await next(request, context)
    }
}
