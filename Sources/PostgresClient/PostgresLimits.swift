/// Time limits on what a connection runs, so that a stalled or locked server slows a caller, never wedges it.
///
/// They are never session settings (PgBouncer in transaction mode would hand the session to someone else):
/// a transaction sets them, with `PostgresOutputSettings`, by `SET LOCAL` in the same round trip as its `BEGIN`,
/// and the client itself cancels any statement that runs past `statementTimeout`, whether in a transaction or not.
public struct PostgresLimits: Sendable, Hashable {
    /// How long one statement may run before it is cancelled; nil: no limit.
    public var statementTimeout: Duration?
    /// How long a statement in a transaction may wait for a lock; nil: no limit.
    public var lockTimeout: Duration?
    /// How long a transaction may sit idle between statements before the server ends the session; nil: no limit.
    public var idleInTransactionTimeout: Duration?

    /// Makes limits; nil leaves a limit off.
    public init(statementTimeout: Duration? = nil, lockTimeout: Duration? = nil, idleInTransactionTimeout: Duration? = nil) {
        self.statementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
        self.idleInTransactionTimeout = idleInTransactionTimeout
    }

    /// No limits: for migrations and other administration that may rightly take long.
    public static let none = PostgresLimits()

    /// The output settings and the limits as `set_config` calls local to the current transaction, for a
    /// statement sent in the same pipeline.
    var localSettingsQuery: String {
        "SELECT " + settings.map { name, value in "set_config('\(name)', '\(value)', true)" }.joined(separator: ", ")
    }

    /// `BEGIN` followed by a `SET LOCAL` for every output setting and every limit that is set, as one script (one
    /// round trip). The values are ours (whole milliseconds we format, fixed names), so nothing untrusted reaches
    /// the SQL.
    var beginScript: String {
        (["BEGIN"] + settings.map { name, value in "SET LOCAL \(name) = '\(value)'" }).joined(separator: "; ")
    }

    /// `PostgresOutputSettings`, then each limit that is set by its PostgreSQL setting name, in whole milliseconds
    /// (0 would mean "no limit" to PostgreSQL, so a limit shorter than a millisecond is a millisecond).
    private var settings: [(name: String, value: String)] {
        let all: [(String, Duration?)] = [
            ("statement_timeout", statementTimeout),
            ("lock_timeout", lockTimeout),
            ("idle_in_transaction_session_timeout", idleInTransactionTimeout),
        ]
        let limits = all.compactMap { name, duration in duration.map { (name, String(max($0.wholeMilliseconds, 1))) } }
        return PostgresOutputSettings.all + limits
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded up: a limit is never shortened to nothing.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
