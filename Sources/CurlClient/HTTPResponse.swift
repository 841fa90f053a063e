/// The answer to an `HTTPRequest`, whatever its status.
public struct HTTPResponse: Sendable {
    /// The status code of the final response, e.g. 200 or 404.
    public var status: Int
    /// The final response's header fields, in the order received.
    public var headers: HTTPHeaders
    /// The body, decompressed when the session accepts compressed responses.
    public var body: [UInt8]

    /// Makes a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8, invalid bytes replaced.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool {
        (200..<300).contains(status)
    }

    /// Returns the response if its status is 2xx, or throws `.status` with the status and body.
    @discardableResult
    public func ensureSuccess() throws(HTTPClientError) -> HTTPResponse {
        guard isSuccess else {
            throw HTTPClientError(status: status, body: body)
        }
        return self
    }
}
