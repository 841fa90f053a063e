import Foundation
import Hummingbird
import TaskBridgeCore

/// The per-request context: the framework's own storage plus what the API token that authenticated the request
/// grants.
public struct APIRequestContext: RequestContext {
    /// The framework's storage (logger, route, parameters).
    public var coreContext: CoreRequestContextStorage
    /// What the caller's token grants; set by `BearerAuthMiddleware` on every /v1 route.
    public var grant: TokenGrant?

    /// Makes the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        grant = nil
    }

    /// The id of the token the caller authenticated with.
    public var tokenID: UUID? { grant?.id }

    /// The body limit of every route: a task is small, and 64 KiB leaves room for the longest description.
    public var maxUploadSize: Int { TasksController.maxBodySize }

    /// Writes every `ResponseEncodable` a route returns as the API's JSON.
    public var responseEncoder: JSONBody { JSONBody() }
}
