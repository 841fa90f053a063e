extension PostgresQuery {
    /// Builds a query from a literal: literal text is SQL, interpolations are binds.
    public struct StringInterpolation: StringInterpolationProtocol {
        var query = PostgresQuery(unsafeSQL: "")

        /// Starts an empty query.
        public init(literalCapacity: Int, interpolationCount: Int) {
            query.pieces.reserveCapacity(interpolationCount + 1)
            query.pieces[0].reserveCapacity(literalCapacity)
        }

        /// Literal text is SQL.
        public mutating func appendLiteral(_ literal: String) {
            query.append(unsafeSQL: literal)
        }

        /// A value becomes the next `$n` bind (nil becomes NULL).
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            query.append(bind: value)
        }

        /// An optional value becomes the next `$n` bind, NULL for nil. Spelled out so that interpolating an
        /// optional is a deliberate bind, not the compiler's "debug description of an optional" warning.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            query.append(bind: value)
        }

        /// Raw SQL, such as a table name chosen by code; never put untrusted text here.
        public mutating func appendInterpolation(unsafeSQL sql: String) {
            query.append(unsafeSQL: sql)
        }

        /// Another query, e.g. an optional filter, with its binds renumbered.
        public mutating func appendInterpolation(fragment: PostgresQuery) {
            query.append(fragment)
        }
    }
}
