import PostgresClient

extension PostgresRow {
    /// The task status in the column `name`; throws `TaskStoreError.unknownStatus` for a value no status names.
    func decodeStatus(column name: String) throws -> TaskStatus {
        let text = try decode(String.self, column: name)
        guard let status = TaskStatus(rawValue: text) else {
            throw TaskStoreError.unknownStatus(column: name, value: text)
        }
        return status
    }

    /// The task status in the column `name`, or nil for NULL; throws for a value no status names.
    func decodeStatusIfPresent(column name: String) throws -> TaskStatus? {
        guard try decode(String?.self, column: name) != nil else { return nil }
        return try decodeStatus(column: name)
    }
}
