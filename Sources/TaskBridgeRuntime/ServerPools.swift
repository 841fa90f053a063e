import Logging
import PostgresClient
import RedisClient

/// The PostgreSQL and Redis pools of a long-running process, set up alike in the API and the worker: while a
/// server is away, calls fail within seconds with a clear error instead of hanging.
public enum ServerPools {
    /// A PostgreSQL pool of at most `connections` connections under `timeouts`; waiting for a free connection
    /// gives up after 5 s.
    public static func postgres(
        url: String, connections: Int, timeouts: DatabaseTimeouts, logger: Logger
    ) throws -> PostgresPool {
        var configuration = try PostgresConfiguration(url: url)
        configuration.connectTimeout = min(configuration.connectTimeout, timeouts.connect)
        configuration.limits = timeouts.limits
        return PostgresPool(
            configuration: configuration,
            options: .init(maxConnections: connections, acquireTimeout: .seconds(5)),
            logger: logger)
    }

    /// A Redis pool of at most `connections` connections whose commands give up after `commandTimeout`.
    public static func redis(url: String, connections: Int, commandTimeout: Duration, logger: Logger) throws -> RedisPool {
        var configuration = try RedisConfiguration(url: url)
        configuration.maximumConnections = connections
        configuration.commandTimeout = commandTimeout
        return RedisPool(configuration: configuration, logger: logger)
    }
}
