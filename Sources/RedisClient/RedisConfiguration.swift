/// Where and how to reach Redis: address, credentials, database, timeouts and pool size.
///
/// `description` and `dump()` hide the password.
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Host name or IP address of the server.
    public var host: String
    /// TCP port of the server (6379 by default).
    public var port: Int
    /// The ACL user for `AUTH user password` (Redis 6+); nil authenticates as the default user.
    public var user: String?
    /// The password sent with `AUTH`; nil sends no `AUTH`.
    public var password: String?
    /// The database number selected with `SELECT` after connecting (0 by default).
    public var database: Int
    /// How long connecting may take before the call fails: short, so callers fail fast while Redis is down.
    public var connectTimeout: Duration = .milliseconds(1500)
    /// How long one command (or one pipeline) may wait for the server; a `BLOCK` read adds its own block time.
    public var commandTimeout: Duration = .seconds(5)
    /// How many connections a `RedisPool` opens at most; it also runs that many threads for them.
    public var maximumConnections: Int = 8
    /// How long a `RedisPool` call waits for a free connection before failing with `.poolTimeout`.
    public var connectionWaitTimeout: Duration = .seconds(5)

    /// A configuration for the given server.
    public init(host: String, port: Int = 6379, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// The server as a URL with the password hidden, for logs and errors.
    public var description: String {
        var userInfo = ""
        if password != nil {
            userInfo = "\(user ?? ""):***@"
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "redis://\(userInfo)\(hostPart):\(port)/\(database)"
    }

    /// A mirror without the password, so `dump` and debuggers never show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "user": user as Any, "password": password == nil ? "nil" : "***",
                "database": database, "connectTimeout": connectTimeout, "commandTimeout": commandTimeout,
                "maximumConnections": maximumConnections, "connectionWaitTimeout": connectionWaitTimeout,
            ]
        )
    }
}
