/// Where and how to reach Redis: address, credentials, database, timeouts and pool size.
///
/// `description` and `dump()` hide the password.
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Host name or IP address of the server; with `sentinel`, the first Sentinel's (the master's address is
    /// asked for on every connect).
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
    /// The Sentinels to ask for the master's address (`redis+sentinel://`); nil connects to `host` and `port`.
    public var sentinel: RedisSentinel?
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
        func hostPart(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
        if let sentinel {
            let sentinels = sentinel.addresses.map { "\(hostPart($0.host)):\($0.port)" }.joined(separator: ",")
            return "redis+sentinel://\(userInfo)\(sentinels)/\(sentinel.masterName)/\(database)"
        }
        return "redis://\(userInfo)\(hostPart(host)):\(port)/\(database)"
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
