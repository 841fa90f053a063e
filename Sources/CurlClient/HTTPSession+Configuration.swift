extension HTTPSession {
    /// How an `HTTPSession` connects; every knob has a documented default.
    public struct Configuration: Sendable {
        /// The most transfers in flight, and connections open, at once; further requests wait their turn. Default 64.
        public var maxConnections: Int
        /// The most connections open to one host at once; transfers beyond it wait inside libcurl. Default 64.
        public var maxConnectionsPerHost: Int
        /// The default longest wait for a connection to be set up. Default 10 s.
        public var connectTimeout: Duration
        /// The default longest time a whole exchange may take, counted from `execute`. Default 30 s.
        public var timeout: Duration
        /// How long an idle connection is kept for reuse. Default 60 s.
        public var maxIdleTime: Duration
        /// The largest response body accepted; a larger one fails with `.responseTooLarge`. Default 16 MiB.
        public var maxResponseBodySize: Int
        /// Whether TLS certificates and host names are checked. Default true; turn off only for a test server.
        public var verifiesTLS: Bool
        /// Whether to ask for gzip, deflate, brotli or zstd bodies and decompress them. Default false.
        public var acceptsCompressedResponses: Bool
        /// Whether 3xx responses are followed (http and https only, at most 5 hops). Default false.
        public var followsRedirects: Bool
        /// The `User-Agent` sent when a request has none; nil sends none. Default nil.
        public var userAgent: String?

        /// Makes a configuration; every argument has the default described on its property.
        public init(
            maxConnections: Int = 64,
            maxConnectionsPerHost: Int = 64,
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(30),
            maxIdleTime: Duration = .seconds(60),
            maxResponseBodySize: Int = 16 << 20,
            verifiesTLS: Bool = true,
            acceptsCompressedResponses: Bool = false,
            followsRedirects: Bool = false,
            userAgent: String? = nil
        ) {
            self.maxConnections = maxConnections
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxIdleTime = maxIdleTime
            self.maxResponseBodySize = maxResponseBodySize
            self.verifiesTLS = verifiesTLS
            self.acceptsCompressedResponses = acceptsCompressedResponses
            self.followsRedirects = followsRedirects
            self.userAgent = userAgent
        }
    }
}
