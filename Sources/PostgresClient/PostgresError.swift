/// A failure of the PostgreSQL client: bad configuration, no connection, a server error, a pool timeout, or a
/// value that does not fit.
///
/// `description` is safe to log anywhere: it holds the kind and the SQLSTATE, never data or secrets. The server's
/// own message (which may quote values) is in `message` and `debugDescription`.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable, Hashable {
        /// The connection URL or settings are invalid.
        case configuration
        /// The server could not be reached, refused the connection, or the connection broke.
        case connection
        /// The server answered a statement with an error; `code` says which.
        case server
        /// No pooled connection became free within the pool's acquire timeout.
        case poolTimeout
        /// A statement ran past the statement timeout and the client cancelled it.
        case timeout
        /// The pool was shut down.
        case poolClosed
        /// A result value could not be decoded as the requested Swift type.
        case decoding
        /// A bind value cannot be sent (e.g. it contains a NUL byte, or there are too many binds).
        case encoding
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// The SQLSTATE the server (or libpq) reported, when there is one.
    public var code: Code?
    /// The server's or libpq's message, or ours; may quote data, so keep it out of responses.
    public var message: String
    /// The server's DETAIL field (e.g. which key already exists), when there is one.
    public var detail: String?
    /// The constraint the statement violated, when the server names one.
    public var constraint: String?

    /// Makes an error; `message` must never contain a password.
    public init(kind: Kind, code: Code? = nil, message: String, detail: String? = nil, constraint: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    /// Whether the connection that produced this error can no longer be used.
    public var isConnectionLost: Bool {
        kind == .connection || (code?.isConnectionFailure ?? false)
    }

    /// Whether the server was too slow or too busy rather than the statement wrong: a statement, lock or
    /// idle-transaction timeout, the client's own cancellation past the deadline, or no free pooled connection.
    /// Trying again later may well succeed.
    public var isTimeout: Bool {
        kind == .timeout || kind == .poolTimeout
            || code == .queryCanceled || code == .lockNotAvailable || code == .idleInTransactionSessionTimeout
    }

    public var description: String {
        switch kind {
        case .server:
            guard let code else { return "PostgreSQL error" }
            return "PostgreSQL error \(code)"
        case .connection:
            // libpq's connection messages name host, port and user, never the password, and say what went wrong.
            return "PostgreSQL connection failed: \(message)"
        case .configuration, .poolTimeout, .timeout, .poolClosed, .decoding, .encoding:
            // Our own messages: they name settings, columns and types, never values.
            return message
        }
    }

    public var debugDescription: String {
        var text = "PostgresError(kind: \(kind.rawValue)"
        if let code { text += ", code: \(code)" }
        text += ", message: \(message)"
        if let detail { text += ", detail: \(detail)" }
        if let constraint { text += ", constraint: \(constraint)" }
        return text + ")"
    }
}
