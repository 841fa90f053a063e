/// The settings that fix the text form of the values this client decodes (`timestamptz` in UTC and ISO style,
/// intervals in PostgreSQL style, `bytea` in hex).
///
/// They go with every transaction as `set_config(..., true)` (`SET LOCAL`), never as session settings nor in the
/// startup packet's `options`: PgBouncer refuses `options`, and in transaction-pooling mode a session setting
/// would stay on a server connection that PgBouncer hands to another client next.
enum PostgresOutputSettings {
    /// Each setting's name and value; the values are ours, so nothing untrusted reaches the SQL they go into.
    static let all: [(name: String, value: String)] = [
        ("TimeZone", "UTC"),
        ("DateStyle", "ISO, MDY"),
        ("IntervalStyle", "postgres"),
        ("bytea_output", "hex"),
    ]
}
