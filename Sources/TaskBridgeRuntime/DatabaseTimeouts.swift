import PostgresClient

/// How long a long-running process waits on PostgreSQL: connecting, one statement, a lock, an idle transaction.
/// Each is `DATABASE_*_TIMEOUT_MS` in the environment; 0 turns a limit off (not the connect timeout).
public struct DatabaseTimeouts: Sendable, Hashable {
    /// Connecting gives up after this long (`DATABASE_CONNECT_TIMEOUT_MS`, libpq counts whole seconds, at least 2).
    public var connect: Duration = .seconds(3)
    /// One statement is cancelled after this long (`DATABASE_STATEMENT_TIMEOUT_MS`).
    public var statement: Duration = .seconds(5)
    /// A statement in a transaction gives up waiting for a lock after this long (`DATABASE_LOCK_TIMEOUT_MS`).
    public var lock: Duration = .seconds(2)
    /// The server ends a transaction left idle this long (`DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS`).
    public var idleInTransaction: Duration = .seconds(10)

    /// The defaults.
    public init() {}

    /// Reads the four settings, recording malformed ones in `reader`.
    public init(reading reader: inout EnvironmentReader) {
        connect = reader.milliseconds("DATABASE_CONNECT_TIMEOUT_MS", default: connect, in: 1...600_000)
        statement = reader.milliseconds("DATABASE_STATEMENT_TIMEOUT_MS", default: statement, in: 0...86_400_000)
        lock = reader.milliseconds("DATABASE_LOCK_TIMEOUT_MS", default: lock, in: 0...86_400_000)
        idleInTransaction = reader.milliseconds(
            "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", default: idleInTransaction, in: 0...86_400_000)
    }

    /// The limits PostgresClient enforces; a zero setting is no limit.
    public var limits: PostgresLimits {
        func limit(_ duration: Duration) -> Duration? { duration > .zero ? duration : nil }
        return PostgresLimits(
            statementTimeout: limit(statement), lockTimeout: limit(lock), idleInTransactionTimeout: limit(idleInTransaction))
    }
}
