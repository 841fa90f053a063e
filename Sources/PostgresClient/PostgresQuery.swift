/// A SQL statement whose interpolated values become `$1`, `$2`, … binds, so values can never change the SQL.
///
/// ```swift
/// let query: PostgresQuery = "SELECT title FROM tasks WHERE id = \(id) AND status = \(status)"
/// ```
/// Raw SQL only goes in through `\(unsafeSQL:)` or `init(unsafeSQL:)`, and other queries through `\(fragment:)`.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL around the binds: always one more piece than there are binds.
    var pieces: [String]
    /// The bind values.
    var binds: PostgresBinds

    /// A query from raw SQL: the caller vouches that no untrusted text is in it.
    public init(unsafeSQL sql: String) {
        pieces = [sql]
        binds = PostgresBinds()
    }

    /// A query from a literal without interpolations.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// A query from a literal whose interpolations are binds.
    public init(stringInterpolation: StringInterpolation) {
        self = stringInterpolation.query
    }

    /// The SQL with `$n` placeholders.
    public var sql: String {
        var text = pieces[0]
        for index in 1..<pieces.count {
            text += "$\(index)" + pieces[index]
        }
        return text
    }

    /// The number of binds.
    public var bindCount: Int { binds.count }

    /// The SQL with placeholders, never the bind values: safe to log.
    public var description: String { sql }

    /// Appends raw SQL; the caller vouches that no untrusted text is in it.
    public mutating func append(unsafeSQL sql: String) {
        pieces[pieces.count - 1] += sql
    }

    /// Appends one value as the next bind.
    public mutating func append(bind value: some PostgresEncodable) {
        binds.append(value.postgresText)
        pieces.append("")
    }

    /// Appends another query, renumbering its binds after this one's.
    public mutating func append(_ other: PostgresQuery) {
        pieces[pieces.count - 1] += other.pieces[0]
        pieces.append(contentsOf: other.pieces.dropFirst())
        binds.append(contentsOf: other.binds)
    }
}
