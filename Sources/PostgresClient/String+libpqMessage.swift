extension String {
    /// libpq's multi-line, newline-terminated message as one line, for errors and log metadata.
    var libpqMessage: String {
        split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
