/// Why a template cannot be used; found when the template is configured, never when a task is delivered.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending text: the unknown name, or the unclosed tail.
    public let text: String
    /// Where it starts, counted in characters from 0.
    public let offset: Int
    /// Whether the name is unknown (else a `{{` is never closed).
    public let isUnknownPlaceholder: Bool

    /// Makes an error; the template parser builds these, tests may too.
    public init(text: String, offset: Int, isUnknownPlaceholder: Bool) {
        self.text = text
        self.offset = offset
        self.isUnknownPlaceholder = isUnknownPlaceholder
    }

    /// One line naming the problem and the placeholders that exist.
    public var description: String {
        if isUnknownPlaceholder {
            return "the template names {{\(text)}} at character \(offset), which is not a placeholder; "
                + "known: \(TemplatePlaceholder.documented)"
        }
        return "the template opens {{ at character \(offset) and never closes it"
    }
}
