/// One Block Kit block of a message: a section of `mrkdwn` text, a context line, or a divider.
public struct SlackBlock: Sendable, Encodable, Equatable {
    /// A text object of a block.
    public struct Text: Sendable, Encodable, Equatable {
        /// `mrkdwn` or `plain_text`.
        public let type: String
        /// The text; mrkdwn's `&`, `<` and `>` must already be escaped (`SlackText.escaped`).
        public let text: String
    }

    /// `section`, `context` or `divider`.
    public let type: String
    /// The text of a section.
    public let text: Text?
    /// The texts of a context block.
    public let elements: [Text]?

    /// A section of mrkdwn text.
    public static func section(_ markdown: String) -> SlackBlock {
        SlackBlock(type: "section", text: Text(type: "mrkdwn", text: markdown), elements: nil)
    }

    /// A small grey line of mrkdwn text, for links and metadata.
    public static func context(_ markdown: String) -> SlackBlock {
        SlackBlock(type: "context", text: nil, elements: [Text(type: "mrkdwn", text: markdown)])
    }

    /// A horizontal rule.
    public static let divider = SlackBlock(type: "divider", text: nil, elements: nil)
}
