import HTTPTypes
import Hummingbird
import Synchronization

/// The path and method of every route of the router, for `ProblemMiddleware` to tell a 405 from a 404. The
/// middleware goes on the router before the routes it wraps, so `buildRouter` fills the table once they are added.
final class RouteTable: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    /// Keeps `routes`, replacing any kept before.
    func record(_ routes: [(path: RouterPath, method: HTTPRequest.Method)]) {
        self.routes.withLock { $0 = routes }
    }

    /// The methods of every route whose path matches `path`, in a stable order.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.withLock { routes in
            routes.filter { route in
                route.path.components.count == segments.count
                    && zip(route.path.components, segments).allSatisfy { element, segment in element ~= segment }
            }.map(\.method)
        }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
