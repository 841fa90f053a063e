/// A failure of the Redis client: a server error reply, a lost connection, a bad URL, an exhausted pool.
///
/// `description` never contains a password: URLs are not quoted, and server replies never echo credentials.
public struct RedisError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong, in a form callers can switch on.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        /// The server answered with an error reply (`ERR ...`, `NOSCRIPT ...`, `BUSYGROUP ...`).
        public static let server = Kind(name: "server")
        /// Connecting, authenticating, writing or reading failed, or the command timed out; the call may be retried.
        public static let connection = Kind(name: "connection")
        /// The configuration (usually the URL) is malformed.
        public static let configuration = Kind(name: "configuration")
        /// No pooled connection became free within the pool's wait timeout.
        public static let poolTimeout = Kind(name: "pool timeout")
        /// The pool or connection was shut down.
        public static let shutdown = Kind(name: "shutdown")
        /// The server's reply does not have the shape the typed helper expects.
        public static let unexpectedReply = Kind(name: "unexpected reply")

        /// The kind's name, as used in `RedisError.description`.
        public var description: String { name }
    }

    /// What went wrong.
    public let kind: Kind
    /// The details: the server's error message for `.server`, the cause for the other kinds.
    public let message: String

    /// Makes an error of the given kind.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The first word of a server error reply (`NOSCRIPT`, `BUSYGROUP`, `WRONGTYPE`, ...), nil for other kinds.
    public var serverCode: String? {
        guard kind == .server else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    /// One line naming the kind and the details.
    public var description: String { "Redis \(kind) error: \(message)" }
}
