extension JSONValue {
    /// Why a text is not JSON, and at which byte; it never quotes the text, which may hold anything.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong, e.g. "unterminated string".
        public let reason: String
        /// The offset, in bytes from the start of the text, where parsing stopped.
        public let offset: Int

        /// A parse error for `reason` at byte `offset`.
        public init(_ reason: String, at offset: Int) {
            self.reason = reason
            self.offset = offset
        }

        public var description: String { "Invalid JSON at byte \(offset): \(reason)" }
    }
}
