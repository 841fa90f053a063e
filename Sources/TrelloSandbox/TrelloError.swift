import Hummingbird

/// A refusal answered the way Trello answers it: a status with a plain-text body, or a JSON one for some errors.
struct TrelloError: HTTPResponseError, CustomStringConvertible {
    /// The body Trello sends with this status.
    enum Body: Sendable, Equatable {
        case text(String)
        case json(JSONValue)
    }

    let status: HTTPResponse.Status
    let body: Body

    var description: String {
        switch self.body {
        case .text(let text): "\(self.status.code) \(text)"
        case .json(let value): "\(self.status.code) \(String(buffer: value.serialized()))"
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        self.response
    }

    /// The HTTP response carrying this error.
    var response: Response {
        switch self.body {
        case .text(let text):
            Response(
                status: self.status,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text))
            )
        case .json(let value):
            Response(
                status: self.status,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: value.serialized())
            )
        }
    }

    /// 400 `invalid value for <parameter>`, Trello's answer to a missing or malformed parameter.
    static func invalidValue(_ parameter: String) -> TrelloError {
        .init(status: .badRequest, body: .text("invalid value for \(parameter)"))
    }

    /// 400 `invalid id`: a path id that is not 24 hex characters.
    static let invalidID = TrelloError(status: .badRequest, body: .text("invalid id"))

    /// 404 for a well-formed id that names nothing.
    static let resourceNotFound = TrelloError(status: .notFound, body: .text("The requested resource was not found."))

    /// 404 for an unknown list.
    static let modelNotFound = TrelloError(status: .notFound, body: .text("model not found"))

    /// 404 for a card whose `idList` names no list.
    static let cardBoardNotFound = TrelloError(status: .notFound, body: .text("could not find the board that the card belongs to"))

    /// 400 with Trello's JSON error body, as `POST /lists` answers a missing name.
    static func badRequestJSON(_ message: String) -> TrelloError {
        .init(status: .badRequest, body: .json(.object([.init("message", .string(message)), .init("error", .string("BAD_REQUEST_ERROR"))])))
    }

    /// 401 with one of Trello's plain-text credential complaints.
    static func unauthorized(_ text: String) -> TrelloError {
        .init(status: .unauthorized, body: .text(text))
    }

    /// 429 with Trello's JSON body naming the limit that was hit.
    static func rateLimited(_ code: String) -> TrelloError {
        .init(status: .tooManyRequests, body: .json(.object([.init("error", .string(code)), .init("message", .string("Rate limit exceeded"))])))
    }

    /// 404 `Cannot GET /1/...`, Express's answer to a route it does not know.
    static func noRoute(method: HTTPRequest.Method, path: String) -> TrelloError {
        .init(status: .notFound, body: .text("Cannot \(method.rawValue) \(path)"))
    }
}
