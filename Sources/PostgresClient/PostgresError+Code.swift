extension PostgresError {
    /// A SQLSTATE code such as `23505`; the constants name the ones callers branch on.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The five-character SQLSTATE.
        public let rawValue: String

        /// Wraps a five-character SQLSTATE.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `08000` connection_exception.
        public static let connectionException = Code(rawValue: "08000")
        /// `08006` connection_failure.
        public static let connectionFailure = Code(rawValue: "08006")
        /// `22001` string_data_right_truncation.
        public static let stringDataRightTruncation = Code(rawValue: "22001")
        /// `22003` numeric_value_out_of_range.
        public static let numericValueOutOfRange = Code(rawValue: "22003")
        /// `22007` invalid_datetime_format.
        public static let invalidDatetimeFormat = Code(rawValue: "22007")
        /// `22P02` invalid_text_representation.
        public static let invalidTextRepresentation = Code(rawValue: "22P02")
        /// `23502` not_null_violation.
        public static let notNullViolation = Code(rawValue: "23502")
        /// `23503` foreign_key_violation.
        public static let foreignKeyViolation = Code(rawValue: "23503")
        /// `23505` unique_violation.
        public static let uniqueViolation = Code(rawValue: "23505")
        /// `23514` check_violation.
        public static let checkViolation = Code(rawValue: "23514")
        /// `25P02` in_failed_sql_transaction: an earlier statement failed, so the transaction can only roll back.
        public static let inFailedSQLTransaction = Code(rawValue: "25P02")
        /// `25P03` idle_in_transaction_session_timeout: the server ended a transaction left idle too long.
        public static let idleInTransactionSessionTimeout = Code(rawValue: "25P03")
        /// `40001` serialization_failure: retry the transaction.
        public static let serializationFailure = Code(rawValue: "40001")
        /// `40P01` deadlock_detected: retry the transaction.
        public static let deadlockDetected = Code(rawValue: "40P01")
        /// `42501` insufficient_privilege.
        public static let insufficientPrivilege = Code(rawValue: "42501")
        /// `42601` syntax_error.
        public static let syntaxError = Code(rawValue: "42601")
        /// `42703` undefined_column.
        public static let undefinedColumn = Code(rawValue: "42703")
        /// `42P01` undefined_table.
        public static let undefinedTable = Code(rawValue: "42P01")
        /// `42P07` duplicate_table.
        public static let duplicateTable = Code(rawValue: "42P07")
        /// `53300` too_many_connections.
        public static let tooManyConnections = Code(rawValue: "53300")
        /// `55P03` lock_not_available.
        public static let lockNotAvailable = Code(rawValue: "55P03")
        /// `57014` query_canceled (also a statement timeout).
        public static let queryCanceled = Code(rawValue: "57014")
        /// `57P01` admin_shutdown: the server is stopping and closed the connection.
        public static let adminShutdown = Code(rawValue: "57P01")
        /// `57P02` crash_shutdown.
        public static let crashShutdown = Code(rawValue: "57P02")
        /// `57P03` cannot_connect_now: the server is starting or stopping.
        public static let cannotConnectNow = Code(rawValue: "57P03")

        /// PostgreSQL's name for the known codes, e.g. `unique_violation`.
        public var name: String? {
            Self.names[rawValue]
        }

        /// Whether the code means the connection is gone (class 08, or the server shutting down).
        public var isConnectionFailure: Bool {
            rawValue.hasPrefix("08") || self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow
        }

        public var description: String {
            guard let name else { return rawValue }
            return "\(rawValue) (\(name))"
        }

        private static let names: [String: String] = [
            "08000": "connection_exception",
            "08006": "connection_failure",
            "22001": "string_data_right_truncation",
            "22003": "numeric_value_out_of_range",
            "22007": "invalid_datetime_format",
            "22P02": "invalid_text_representation",
            "23502": "not_null_violation",
            "23503": "foreign_key_violation",
            "23505": "unique_violation",
            "23514": "check_violation",
            "25P02": "in_failed_sql_transaction",
            "25P03": "idle_in_transaction_session_timeout",
            "40001": "serialization_failure",
            "40P01": "deadlock_detected",
            "42501": "insufficient_privilege",
            "42601": "syntax_error",
            "42703": "undefined_column",
            "42P01": "undefined_table",
            "42P07": "duplicate_table",
            "53300": "too_many_connections",
            "55P03": "lock_not_available",
            "57014": "query_canceled",
            "57P01": "admin_shutdown",
            "57P02": "crash_shutdown",
            "57P03": "cannot_connect_now",
        ]
    }
}
