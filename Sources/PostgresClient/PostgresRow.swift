/// One result row; decode its values by position or by column name.
///
/// ```swift
/// let title = try row.decode(String.self, at: 0)
/// let attempts = try row.decode(Int.self, column: "attempts")
/// let (id, doneAt) = try row.decode((UUID, Date?).self)
/// ```
public struct PostgresRow: Sendable {
    let storage: PostgresResultStorage
    let index: Int

    /// The column names, in order.
    public var columns: [String] { storage.columnNames }

    /// The value of the column at `column` (0-based) as `type`; NULL needs an Optional type.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, at column: Int) throws(PostgresError) -> Value {
        guard column >= 0, column < storage.columnNames.count else {
            throw PostgresError(
                kind: .decoding,
                message: "no column at index \(column): the row has \(storage.columnNames.count) columns"
            )
        }
        return try Value.decode(from: storage.cell(row: index, column: column))
    }

    /// The value of the first column named `name` as `type`; NULL needs an Optional type.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, column name: String) throws(PostgresError) -> Value {
        guard let column = storage.columnNames.firstIndex(of: name) else {
            throw PostgresError(kind: .decoding, message: "the row has no column named '\(name)'")
        }
        return try Value.decode(from: storage.cell(row: index, column: column))
    }

    /// All columns as a tuple of the given types, in order; the row must have exactly that many columns.
    public func decode<each Value: PostgresDecodable>(
        _ types: (repeat each Value).Type
    ) throws(PostgresError) -> (repeat each Value) {
        var expected = 0
        for _ in repeat (each Value).self { expected += 1 }
        guard expected == storage.columnNames.count else {
            throw PostgresError(
                kind: .decoding,
                message: "cannot decode \(storage.columnNames.count) columns as \(expected) values"
            )
        }
        var column = 0
        func next<V: PostgresDecodable>(_ type: V.Type) throws(PostgresError) -> V {
            defer { column += 1 }
            return try V.decode(from: storage.cell(row: index, column: column))
        }
        return (repeat try next((each Value).self))
    }
}
