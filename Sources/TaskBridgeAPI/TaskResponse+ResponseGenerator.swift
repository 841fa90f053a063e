import Hummingbird

extension TaskResponse: ResponseGenerator {
    /// A 200 `application/json` response with the bytes `json` writes: the response encoder's bytes, made faster.
    func response(from request: Request, context: some RequestContext) -> Response {
        JSONBody.response(json)
    }
}
