import TaskBridgeJSON
/// The fields of a submitted body as a kind reads them: each read checks one field and records its problem,
/// and every field no read asked for is reported as unknown, so a typo is never dropped silently.
public struct SubmissionFields: Sendable {
    /// The body's fields, `type` included.
    public let values: [String: JSONValue]
    /// Every problem found so far, in the order the reads ran.
    public private(set) var problems: [FieldProblem] = []
    private var read: Set<String> = []

    /// Wraps a body's fields for reading.
    public init(_ values: [String: JSONValue]) {
        self.values = values
    }

    /// Reads a required string: present, a string, not blank, no U+0000, at most `maxLength` Unicode scalars.
    /// Returns the text exactly as sent (not trimmed), or nil after recording why not.
    public mutating func requiredText(_ name: String, maxLength: Int) -> String? {
        read.insert(name)
        guard let value = values[name] else {
            problems.append(FieldProblem(field: name, code: .required, message: "is required"))
            return nil
        }
        guard case .string(let text) = value else {
            problems.append(FieldProblem(field: name, code: .wrongType, message: "must be a string, got \(value.typeName)"))
            return nil
        }
        // PostgreSQL's text type cannot hold U+0000; refusing it here keeps it from ever becoming a 500.
        if text.unicodeScalars.contains("\u{0}") {
            problems.append(FieldProblem(field: name, code: .invalidCharacter, message: "must not contain the character U+0000"))
            return nil
        }
        if text.allSatisfy(\.isWhitespace) {
            problems.append(FieldProblem(field: name, code: .empty, message: "must not be empty or only whitespace"))
            return nil
        }
        let length = text.unicodeScalars.count
        if length > maxLength {
            problems.append(FieldProblem(
                field: name, code: .tooLong, message: "must be at most \(maxLength) characters, got \(length)"))
            return nil
        }
        return text
    }

    /// Reads a required string that must be exactly one of `allowed` (case-sensitive, as the OpenAPI enum says).
    public mutating func requiredChoice(_ name: String, among allowed: [String]) -> String? {
        read.insert(name)
        var choices: String { allowed.joined(separator: ", ") }
        guard let value = values[name] else {
            problems.append(FieldProblem(field: name, code: .required, message: "is required; one of: \(choices)"))
            return nil
        }
        guard case .string(let text) = value else {
            problems.append(FieldProblem(
                field: name, code: .wrongType, message: "must be a string, one of: \(choices); got \(value.typeName)"))
            return nil
        }
        guard allowed.contains(text) else {
            problems.append(FieldProblem(field: name, code: .notAllowedValue, message: "must be one of: \(choices)"))
            return nil
        }
        return text
    }

    /// Reads the optional `callback_url`: a string of at most 2048 characters that `policy` accepts; nil when absent
    /// or after recording why it is refused.
    public mutating func callbackURL(policy: CallbackPolicy) -> String? {
        let name = "callback_url"
        guard values[name] != nil else {
            read.insert(name)
            return nil
        }
        guard let url = requiredText(name, maxLength: 2048) else { return nil }
        switch policy.check(url) {
        case .success:
            return url
        case .failure(let refusal):
            problems.append(FieldProblem(field: name, code: .notAllowedValue, message: "\(refusal)"))
            return nil
        }
    }

    /// Refuses a field the bridge fills itself, whatever its value, saying why.
    public mutating func refuse(_ name: String, because reason: String) {
        read.insert(name)
        if values[name] != nil {
            problems.append(FieldProblem(field: name, code: .notAllowed, message: "must not be sent: \(reason)"))
        }
    }

    /// Records every field no read asked for, by name, as unknown for `type`.
    mutating func reportUnread(forType type: String) {
        for name in values.keys.sorted() where !read.contains(name) {
            problems.append(FieldProblem(field: name, code: .unknownField, message: "unknown field for type \(type)"))
        }
    }
}
