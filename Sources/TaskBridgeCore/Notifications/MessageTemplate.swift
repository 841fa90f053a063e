import Foundation

/// A notification text with `{{placeholder}}`s (see `TemplatePlaceholder`), checked once when it is configured.
///
/// Rendering only substitutes: a value is inserted as it is, after the channel's own escaping (Slack's mrkdwn
/// escaping, none for mail), and is never read again as a template, so a task's text cannot name a placeholder.
/// `{{ name }}` may have spaces inside the braces.
public struct MessageTemplate: Sendable, Equatable {
    private enum Part: Sendable, Equatable {
        case literal(String)
        case value(TemplatePlaceholder)
    }

    private let parts: [Part]

    /// Parses `text`; throws `TemplateError` for an unknown placeholder or a `{{` never closed.
    public init(_ text: String) throws(TemplateError) {
        var parts: [Part] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            parts.append(.literal(String(rest[..<open.lowerBound])))
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(
                    text: String(rest[open.lowerBound...]), offset: text.distance(from: text.startIndex, to: open.lowerBound),
                    isUnknownPlaceholder: false)
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingSpaces
            guard let placeholder = TemplatePlaceholder(rawValue: name) else {
                throw TemplateError(
                    text: name, offset: text.distance(from: text.startIndex, to: open.lowerBound),
                    isUnknownPlaceholder: true)
            }
            parts.append(.value(placeholder))
            rest = rest[close.upperBound...]
        }
        parts.append(.literal(String(rest)))
        self.parts = parts.filter { $0 != .literal("") }
    }

    /// The placeholders the template uses.
    public var placeholders: Set<TemplatePlaceholder> {
        Set(parts.compactMap { part in
            if case .value(let placeholder) = part { placeholder } else { nil }
        })
    }

    /// The text with each placeholder replaced by `escaping(value)`; a placeholder without a value becomes empty.
    public func render(
        _ values: [TemplatePlaceholder: String], escaping: (String) -> String = { $0 }
    ) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .value(let placeholder): escaping(values[placeholder] ?? "")
            }
        }.joined()
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
