import PostgresClient

extension PostgresError {
    /// Whether PostgreSQL refused a statement for something one row of it may hold, so a shared insert batch is
    /// worth retrying row by row: a data exception (class 22), an integrity violation (23), a program limit such
    /// as an index row too large (54), or an error raised by a trigger or function (P0).
    ///
    /// Lost connections, timeouts, cancellations, lock and resource errors are about the server, not a row:
    /// retrying each row would only repeat them, many times over.
    var mayBeAboutOneRow: Bool {
        if kind == .encoding { return true }
        guard kind == .server, let code else { return false }
        return ["22", "23", "54", "P0"].contains(code.rawValue.prefix(2))
    }

    /// Whether the refused data is the client's fault (a 4xx): a data exception (class 22), a value over a program
    /// limit (`54000`, e.g. an index row too large), a check constraint (`23514`), or a value that cannot be sent
    /// at all. Anything else a row meets (a unique id collision, a trigger's own error) is the server's (a 5xx).
    var isClientDataFault: Bool {
        if kind == .encoding { return true }
        guard kind == .server, let code else { return false }
        return code.rawValue.hasPrefix("22") || code.rawValue == "54000" || code == .checkViolation
    }
}
