/// The values of one result, copied out of libpq's `PGresult` into one buffer so the result can be freed at once
/// and rows share the copy.
final class PostgresResultStorage: Sendable {
    let columnNames: [String]
    let columnTypes: [PostgresDataType]
    let rowCount: Int
    /// Every non-NULL value's bytes, row by row, column by column.
    let bytes: [UInt8]
    /// Where each cell starts in `bytes` (`rowCount * columnCount + 1` entries: a cell ends where the next starts).
    let starts: [Int]
    /// Whether each cell is NULL.
    let nulls: [Bool]

    init(
        columnNames: [String], columnTypes: [PostgresDataType], rowCount: Int, bytes: [UInt8], starts: [Int],
        nulls: [Bool]
    ) {
        self.columnNames = columnNames
        self.columnTypes = columnTypes
        self.rowCount = rowCount
        self.bytes = bytes
        self.starts = starts
        self.nulls = nulls
    }

    /// The cell at a row and column.
    func cell(row: Int, column: Int) -> PostgresCell {
        let index = row * columnNames.count + column
        let bytes = nulls[index] ? nil : self.bytes[starts[index]..<starts[index + 1]]
        return PostgresCell(bytes: bytes, dataType: columnTypes[column], columnName: columnNames[column])
    }
}
