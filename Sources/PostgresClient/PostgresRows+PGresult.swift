import CLibPQ

extension PostgresRows {
    /// Copies a libpq result's values, or makes the error it reports; the caller still owns and clears `result`.
    init(result: OpaquePointer?, connection: OpaquePointer) throws(PostgresError) {
        guard let result else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(connection)).libpqMessage)
        }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            break
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            throw PostgresError(kind: .server, message: "COPY statements are not supported")
        default:
            throw Self.error(from: result, connection: connection)
        }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<Int32(columnCount)).map { String(cString: PQfname(result, $0)) }
        let types = (0..<Int32(columnCount)).map { PostgresDataType(rawValue: PQftype(result, $0)) }
        var byteCount = 0
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) { byteCount += Int(PQgetlength(result, row, column)) }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        var starts: [Int] = []
        starts.reserveCapacity(rowCount * columnCount + 1)
        var nulls: [Bool] = []
        nulls.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                starts.append(bytes.count)
                let isNull = PQgetisnull(result, row, column) == 1
                nulls.append(isNull)
                if !isNull, let value = PQgetvalue(result, row, column) {
                    let length = Int(PQgetlength(result, row, column))
                    bytes.append(contentsOf: UnsafeRawBufferPointer(start: value, count: length))
                }
            }
        }
        starts.append(bytes.count)
        storage = PostgresResultStorage(
            columnNames: columns, columnTypes: types, rowCount: rowCount, bytes: bytes, starts: starts, nulls: nulls
        )
        commandTag = String(cString: PQcmdStatus(result))
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The error a failed result reports: the server's SQLSTATE and fields, or libpq's own message when the
    /// failure happened on our side (then there is no SQLSTATE, and a lost connection is a connection error).
    private static func error(from result: OpaquePointer, connection: OpaquePointer) -> PostgresError {
        func field(_ code: Unicode.Scalar) -> String? {
            PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
        }
        // libpq's PG_DIAG_* field codes are character macros, which Swift does not import.
        guard let sqlState = field("C") else {
            let message = String(cString: PQresultErrorMessage(result)).libpqMessage
            let kind: PostgresError.Kind = PQstatus(connection) == CONNECTION_OK ? .server : .connection
            return PostgresError(kind: kind, message: message)
        }
        let code = PostgresError.Code(rawValue: sqlState)
        return PostgresError(
            kind: code.isConnectionFailure ? .connection : .server,
            code: code,
            message: field("M") ?? String(cString: PQresultErrorMessage(result)).libpqMessage,
            detail: field("D"),
            constraint: field("n")
        )
    }
}
