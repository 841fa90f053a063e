/// The rows a statement returned, with its command tag and affected-row count; values are already copied out of
/// libpq, so rows can be kept and sent across tasks.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let storage: PostgresResultStorage
    /// The command tag, e.g. `INSERT 0 3`, `UPDATE 1`, `SELECT 2`, `COMMIT`.
    public let commandTag: String
    /// The rows inserted, updated, deleted, selected, moved, fetched or copied (0 for other commands).
    public let affectedRows: Int

    /// The column names, in order.
    public var columns: [String] { storage.columnNames }
    /// The first row's index: 0.
    public var startIndex: Int { 0 }
    /// The row count.
    public var endIndex: Int { storage.rowCount }

    /// The row at `index`.
    public subscript(index: Int) -> PostgresRow {
        precondition(index >= 0 && index < storage.rowCount, "row index out of range")
        return PostgresRow(storage: storage, index: index)
    }
}
