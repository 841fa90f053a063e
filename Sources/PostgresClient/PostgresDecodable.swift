/// A Swift type that can be made from a result value (PostgreSQL's text form).
public protocol PostgresDecodable: Sendable {
    /// Makes a value from one cell; throws a `.decoding` `PostgresError` naming the column when it does not fit.
    static func decode(from cell: PostgresCell) throws(PostgresError) -> Self
}
