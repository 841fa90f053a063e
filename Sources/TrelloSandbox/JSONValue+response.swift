import Hummingbird

extension JSONValue: ResponseGenerator {
    /// A 200 carrying this value as JSON.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: self.serialized())
        )
    }
}
