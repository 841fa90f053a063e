/// One value of a result row as `PostgresDecodable` types receive it: PostgreSQL's text form and its type.
public struct PostgresCell: Sendable {
    /// The value's text form (UTF-8), nil for NULL.
    public let bytes: ArraySlice<UInt8>?
    /// The column's type (the element type for an element of an array).
    public let dataType: PostgresDataType
    /// The column's name, `name[i]` for an array element: errors name it.
    public let columnName: String

    /// Makes a cell; rows make them, and tests of custom decodable types may.
    public init(bytes: ArraySlice<UInt8>?, dataType: PostgresDataType, columnName: String) {
        self.bytes = bytes
        self.dataType = dataType
        self.columnName = columnName
    }

    /// The text of a non-NULL cell whose type is one of `types` (any type when empty), or a decoding error.
    public func text<Value>(
        as swiftType: Value.Type, from types: Set<PostgresDataType> = []
    ) throws(PostgresError) -> ArraySlice<UInt8> {
        guard let bytes else {
            throw PostgresError(
                kind: .decoding,
                message: "column '\(columnName)' is NULL; decode it as Optional<\(Value.self)>"
            )
        }
        guard types.isEmpty || types.contains(dataType) else {
            throw PostgresError(
                kind: .decoding,
                message: "cannot decode column '\(columnName)' of type \(dataType) as \(Value.self)"
            )
        }
        return bytes
    }

    /// The error for a value of the right type whose text does not parse (the value itself is not shown).
    public func invalidValue<Value>(as swiftType: Value.Type) -> PostgresError {
        PostgresError(
            kind: .decoding,
            message: "column '\(columnName)' of type \(dataType) holds a value that is not a valid \(Value.self)"
        )
    }
}
