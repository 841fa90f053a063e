import PostgresClient
import RedisClient

/// A server URL as it may be printed: the client module's own description, which masks the password; a URL it
/// cannot read is not shown at all.
public enum RedactedServerURL {
    /// A `postgres://` URL with its password masked.
    public static func database(_ url: String) -> String {
        (try? PostgresConfiguration(url: url))?.description ?? "<unreadable PostgreSQL URL>"
    }

    /// A `redis://` URL with its password masked.
    public static func redis(_ url: String) -> String {
        (try? RedisConfiguration(url: url))?.description ?? "<unreadable Redis URL>"
    }
}
