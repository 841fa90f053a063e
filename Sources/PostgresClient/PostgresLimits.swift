/// Time limits on what a connection runs, so that a stalled or locked server slows a caller, never wedges it.
///
/// They are never session settings (PgBouncer in transaction mode would hand the session to someone else):
/// a transaction sets them with `SET LOCAL` in the same round trip as its `BEGIN`, and the client itself cancels
/// any statement that runs past `statementTimeout`, whether in a transaction or not.
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

    /// The limits as `set_config` calls local to the current transaction, for a statement sent in the same
    /// pipeline; nil when no limit is set.
    var localSettingsQuery: String? {
        let calls = settings.map { name, milliseconds in "set_config('\(name)', '\(milliseconds)', true)" }
        return calls.isEmpty ? nil : "SELECT " + calls.joined(separator: ", ")
    }

    /// `BEGIN` followed by a `SET LOCAL` for every limit that is set, as one script (one round trip). The values
    /// are whole milliseconds we format ourselves, so nothing untrusted reaches the SQL.
    var beginScript: String {
        (["BEGIN"] + settings.map { name, milliseconds in "SET LOCAL \(name) = \(milliseconds)" }).joined(separator: "; ")
    }

    /// Each limit that is set, by its PostgreSQL setting name, in whole milliseconds (0 would mean "no limit" to
    /// PostgreSQL, so a limit shorter than a millisecond is a millisecond).
    private var settings: [(name: String, milliseconds: Int64)] {
        let all: [(String, Duration?)] = [
            ("statement_timeout", statementTimeout),
            ("lock_timeout", lockTimeout),
            ("idle_in_transaction_session_timeout", idleInTransactionTimeout),
        ]
        return all.compactMap { name, duration in duration.map { (name, max($0.wholeMilliseconds, 1)) } }
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded up: a limit is never shortened to nothing.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
