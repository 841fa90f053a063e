/// A Swift value that can be sent as a query bind, in PostgreSQL's text form.
public protocol PostgresEncodable: Sendable {
    /// The value's PostgreSQL text form; nil sends NULL.
    var postgresText: String? { get }
}

/// A value that can be an element of an array bind: `[Element]` is sent as an array literal such as
/// `{"a","b",NULL}`, for `unnest($1::text[])`-style batch statements.
public protocol PostgresArrayElement: PostgresEncodable {}
