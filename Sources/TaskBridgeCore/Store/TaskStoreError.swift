/// A fault in what the stores read back: data or code breaking a promise of the schema, never the caller's doing.
public enum TaskStoreError: Error, CustomStringConvertible, Equatable {
    /// A status column held a value no `TaskStatus` names.
    case unknownStatus(column: String, value: String)
    /// A statement that always returns a row returned none.
    case missingRow(statement: String)
    /// A submission that conflicted with no idempotency key was not stored either.
    case submissionNotStored

    /// One line saying what was wrong.
    public var description: String {
        switch self {
        case .unknownStatus(let column, let value): "unknown task status '\(value)' in column '\(column)'"
        case .missingRow(let statement): "\(statement) returned no row"
        case .submissionNotStored: "a task without a conflicting idempotency key was not stored"
        }
    }
}
