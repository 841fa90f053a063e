/// One mail for `HTTPSession.submit(_:)`: where to send it, the envelope, the login, and the finished message.
///
/// TLS is always required: `smtp://` must upgrade with STARTTLS (a server that does not offer it is refused, never
/// spoken to in plain text), `smtps://` starts with TLS. Its `description` shows only the server.
public struct SMTPSubmission: Sendable, CustomStringConvertible {
    /// `smtp://host:port` (STARTTLS required) or `smtps://host:port` (implicit TLS).
    public var url: String
    /// The envelope sender (`MAIL FROM`), a bare address such as `bridge@example.com`.
    public var from: String
    /// The envelope recipients (`RCPT TO`), bare addresses; at least one.
    public var recipients: [String]
    /// The login for `AUTH`, nil to send without authenticating.
    public var username: String?
    /// The password for `AUTH`; never logged.
    public var password: String?
    /// The whole RFC 5322 message, headers and body, with CRLF line ends.
    public var message: [UInt8]
    /// A PEM file of CA certificates to trust instead of the system's (`SMTP_CA_FILE`), nil for the system's.
    public var caFile: String?
    /// The longest wait for a connection; nil uses the session's default.
    public var connectTimeout: Duration?
    /// The longest time the whole exchange may take, counted from `submit`; nil uses the session's default.
    public var timeout: Duration?

    /// Makes a submission; every part may still be changed afterwards.
    public init(
        url: String,
        from: String,
        recipients: [String],
        username: String? = nil,
        password: String? = nil,
        message: [UInt8],
        caFile: String? = nil,
        connectTimeout: Duration? = nil,
        timeout: Duration? = nil
    ) {
        self.url = url
        self.from = from
        self.recipients = recipients
        self.username = username
        self.password = password
        self.message = message
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// The server's scheme, host and port, nothing else of the URL.
    public var description: String {
        let end = url.firstIndex { $0 == "?" || $0 == "#" || $0 == "@" } ?? url.endIndex
        return "SMTP \(url[..<end])"
    }
}
