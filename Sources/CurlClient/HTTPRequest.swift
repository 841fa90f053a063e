/// One HTTP request for `HTTPSession.execute(_:)`.
///
/// Its `description` shows the method and the URL without its query, which often carries credentials.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http://` or `https://` URL, query included.
    public var url: String
    /// The header fields, sent in order.
    public var headers: HTTPHeaders
    /// The request body; nil sends none (POST, PUT and PATCH then send an empty one).
    public var body: [UInt8]?
    /// The longest wait for a connection to be set up; nil uses the session's default.
    public var connectTimeout: Duration?
    /// The longest time the whole exchange may take, counted from `execute`; nil uses the session's default.
    public var timeout: Duration?
    /// Addresses to connect to instead of resolving, as libcurl's `CURLOPT_RESOLVE` takes them: `host:port:address`.
    /// A caller that checked where a name points connects to exactly the address it checked.
    public var pinnedAddresses: [String] = []

    private var idempotentOverride: Bool?

    /// Makes a request; every part may still be changed afterwards.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        connectTimeout: Duration? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// Whether libcurl may silently send the request again when a reused connection turns out to be dead.
    ///
    /// Defaults to the method's idempotency. When false, such a request fails with `.connectionDropped` instead:
    /// the server may have acted on it, and only the caller can find out.
    public var isIdempotent: Bool {
        get { idempotentOverride ?? method.isIdempotent }
        set { idempotentOverride = newValue }
    }

    /// The method and the URL up to its query.
    public var description: String {
        let end = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        return "\(method) \(url[..<end])"
    }
}
