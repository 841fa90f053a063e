import Hummingbird

/// What stands in front of every route, as Trello's front end and API layer do: the 414 for an over-long request
/// target; for `/1`: unknown routes, authentication, rate limits, injected faults, rate-limit headers and counters.
struct TrelloGate: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let state: SandboxState
    let maximumRequestTargetLength: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let isTrello = path == "/1" || path.hasPrefix("/1/")
        let route = "\(request.method.rawValue) \(context.endpointPath ?? "(no route)")"
        let (target, arrived) = (Self.loggedTarget(of: request), TrelloDate.currentMilliseconds())
        if (request.head.path?.utf8.count ?? 0) > self.maximumRequestTargetLength {
            if isTrello { await self.state.record(route: route, outcome: "414", target: target, arrived: arrived) }
            return TrelloError(status: .uriTooLong, body: .text("URI Too Long")).response
        }
        guard isTrello else { return try await next(request, context) }
        guard context.endpointPath != nil else {
            await self.state.record(route: route, outcome: "404", target: target, arrived: arrived)
            return TrelloError.noRoute(method: request.method, path: path).response
        }
        let (key, token) = Self.credentials(of: request)
        let admission = await self.state.admit(key: key, token: token, route: route)
        if admission.latencyMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(admission.latencyMilliseconds))
        }
        var response: Response
        switch admission.verdict {
        case .refuse(let error):
            response = error.response
        case .proceed(let dropAfterCreate):
            var context = context
            context.dropAfterCreate = dropAfterCreate
            do {
                response = try await next(request, context)
            } catch let error as ConnectionDropped {
                await self.state.record(route: route, outcome: "dropped", target: target, arrived: arrived)
                throw error
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
        }
        response.headers.append(contentsOf: admission.headers)
        await self.state.record(route: route, outcome: String(response.status.code), target: target, arrived: arrived)
        return response
    }

    /// The request's path and query for the request log, without the `key` and `token` parameters.
    static func loggedTarget(of request: Request) -> String {
        let kept = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("key=") && !$0.hasPrefix("token=") }
        return request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// The key and token of `request`: the OAuth header when present, else the `key` and `token` query parameters.
    static func credentials(of request: Request) -> (key: String?, token: String?) {
        if let header = request.headers[.authorization], let oauth = OAuthHeader(header) {
            return (oauth.consumerKey, oauth.token)
        }
        let query = RequestParameters(values: RequestParameters.formDecoded(request.uri.query ?? ""))
        return (query["key"], query["token"])
    }
}
