/// Why a mail cannot be built: something that would become a header is unsafe or malformed.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header (or part of one) at fault, such as `Subject` or `To`.
    public let field: String
    /// What is wrong with it.
    public let reason: String

    /// Makes an error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// A CR or LF (or NUL) where a header would be written: it could start a header of its own.
    static func lineBreak(in field: String) -> MailError {
        MailError(field: field, reason: "holds a line break (CR or LF), which would start a header of its own")
    }

    /// One line, e.g. "the mail's Subject holds a line break ...".
    public var description: String { "the mail's \(field) \(reason)" }
}
