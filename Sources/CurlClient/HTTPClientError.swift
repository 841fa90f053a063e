/// Why `HTTPSession.execute(_:)` or `HTTPResponse.ensureSuccess()` gave no usable response.
///
/// Its `description` never holds a URL query, a header or a request body.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarse enough to decide what to do next.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        /// No connection could be made (host unknown, connection refused): the request never left.
        public static let couldNotConnect = Kind(name: "could not connect")
        /// A connect or total timeout expired; `requestWasSent` tells whether the server may have got it.
        public static let timedOut = Kind(name: "timed out")
        /// The TLS handshake or the server's certificate failed.
        public static let tls = Kind(name: "TLS failure")
        /// The connection broke after the request was sent and before a full answer came: the outcome is unknown.
        public static let connectionDropped = Kind(name: "connection dropped")
        /// The server answered with a status that is not 2xx (only from `ensureSuccess()`).
        public static let status = Kind(name: "unsuccessful status")
        /// The response body was larger than the session's `maxResponseBodySize`.
        public static let responseTooLarge = Kind(name: "response too large")
        /// The request itself is unusable: bad URL, unsupported scheme, forbidden characters in a header.
        public static let invalidRequest = Kind(name: "invalid request")
        /// The mail server refused the login (`AUTH`): wrong user or password.
        public static let loginDenied = Kind(name: "login denied")
        /// The mail server refused the sender, a recipient or the message; `detail` holds its reply code.
        public static let refused = Kind(name: "refused by the server")
        /// The session was shut down before the request finished.
        public static let shutdown = Kind(name: "session shut down")
        /// Anything else libcurl reported; `detail` holds its message.
        public static let other = Kind(name: "failed")

        /// A few words naming the kind.
        public var description: String { name }
    }

    /// What went wrong.
    public let kind: Kind
    /// Whether any of the request reached the wire, so the server may have acted on it.
    public let requestWasSent: Bool
    /// The response status, for `.status`.
    public let status: Int?
    /// The response body, for `.status` (e.g. the server's explanation); never part of `description`.
    public let body: [UInt8]?
    /// libcurl's message or our own explanation; never holds credentials.
    public let detail: String
    /// libcurl's result code, when libcurl reported the failure.
    public let curlCode: Int?

    /// Makes an error that did not come from a response status.
    public init(kind: Kind, requestWasSent: Bool, detail: String, curlCode: Int? = nil) {
        self.kind = kind
        self.requestWasSent = requestWasSent
        self.status = nil
        self.body = nil
        self.detail = detail
        self.curlCode = curlCode
    }

    /// Makes the error for a response that answered with a status that is not 2xx.
    public init(status: Int, body: [UInt8]) {
        self.kind = .status
        self.requestWasSent = true
        self.status = status
        self.body = body
        self.detail = "answered with status \(status)"
        self.curlCode = nil
    }

    /// The body as UTF-8 text, for `.status`.
    public var bodyText: String? {
        body.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The kind and the detail, e.g. "HTTP request failed (timed out): Operation timed out after 200 milliseconds".
    public var description: String {
        "HTTP request failed (\(kind)): \(detail)"
    }
}
