/// Where and how to connect to PostgreSQL: usually parsed from a `postgres://` URL with `init(url:)`.
///
/// Statements always run with `TimeZone=UTC`, `DateStyle=ISO`, `bytea_output=hex` and UTF-8, so the text form of
/// every value this client decodes is deterministic: the encoding is a startup parameter (PgBouncer tracks it),
/// the rest go with every transaction (`PostgresOutputSettings`), so the client works through PgBouncer in
/// transaction-pooling mode.
public struct PostgresConfiguration: Sendable, CustomStringConvertible, CustomReflectable {
    /// A host name, an IP address, or a directory holding the server's unix socket (starts with `/`); nil lets
    /// libpq choose its default socket.
    public var host: String?
    /// The TCP port (or the unix socket's number); nil means 5432.
    public var port: Int?
    /// The user name; nil lets libpq use the operating-system user.
    public var user: String?
    /// The password, if the server asks for one. Never logged or shown in an error.
    public var password: String?
    /// The database name; nil means the same as the user name.
    public var database: String?
    /// How long one connection attempt may take before it fails (libpq counts whole seconds, at least 2).
    public var connectTimeout: Duration
    /// Further libpq connection keywords such as `sslmode` or `application_name`, passed through as they are.
    public var parameters: [String: String]
    /// Time limits on statements, lock waits and idle transactions (none by default).
    public var limits: PostgresLimits

    /// Makes a configuration from its parts.
    public init(
        host: String? = nil,
        port: Int? = nil,
        user: String? = nil,
        password: String? = nil,
        database: String? = nil,
        connectTimeout: Duration = .seconds(5),
        parameters: [String: String] = [:],
        limits: PostgresLimits = .none
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.parameters = parameters
        self.limits = limits
    }

    /// libpq keywords whose values are secrets, shown as `***`: `password` handed in as a parameter rather than
    /// through `password`, and `sslpassword`, which unlocks the client's private key.
    static let secretKeywords: Set<String> = ["password", "sslpassword"]

    /// The settings without the password or any other secret, for logs.
    public var description: String {
        var text = "postgres://"
        if let user { text += user + (password == nil ? "" : ":***") + "@" }
        text += host ?? ""
        if let port { text += ":\(port)" }
        text += "/" + (database ?? "")
        let query = shownParameters.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }
        return query.isEmpty ? text : text + "?" + query.joined(separator: "&")
    }

    /// A mirror without the secrets, so `dump` and debuggers never show them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host as Any, "port": port as Any, "user": user as Any,
                "password": password == nil ? "nil" : "***", "database": database as Any,
                "connectTimeout": connectTimeout, "parameters": shownParameters,
            ]
        )
    }

    /// `parameters` with the value of every secret keyword replaced by `***`.
    private var shownParameters: [String: String] {
        parameters.reduce(into: [:]) { shown, pair in
            shown[pair.key] = Self.secretKeywords.contains(pair.key) ? "***" : pair.value
        }
    }

    /// The keyword/value pairs handed to `PQconnectdbParams`. No `options` unless the URL gives them: PgBouncer
    /// refuses the startup packet's `options`.
    var libpqParameters: [(keyword: String, value: String)] {
        var pairs: [(keyword: String, value: String)] = []
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }
        let seconds = connectTimeout.components.seconds + (connectTimeout.components.attoseconds > 0 ? 1 : 0)
        pairs.append(("connect_timeout", String(max(seconds, 1))))
        // Keepalives find a peer that vanished without closing the socket (a server host that died).
        let defaults = ["keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10", "keepalives_count": "3"]
        for (keyword, value) in defaults.sorted(by: { $0.key < $1.key }) where parameters[keyword] == nil {
            pairs.append((keyword, value))
        }
        pairs.append(("client_encoding", "UTF8"))
        for (keyword, value) in parameters.sorted(by: { $0.key < $1.key }) where !(keyword == "options" && value.isEmpty) {
            pairs.append((keyword, value))
        }
        return pairs
    }
}
