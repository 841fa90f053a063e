import Foundation

/// A channel's templates as `route_destinations.templates` holds them: `{"text"}` for Slack, `{"from", "to",
/// "subject", "body"}` for email.
struct StoredTemplates: Codable {
    var text: String?
    var from: String?
    var to: [String]?
    var subject: String?
    var body: String?

    /// The templates of `message`.
    init(_ message: ChannelDestination.Message) {
        switch message {
        case .slack(let text):
            self.text = text
        case .email(let from, let to, let subject, let body):
            (self.from, self.to, self.subject, self.body) = (from, to, subject, body)
        }
    }

    /// The templates in `json`.
    static func decoding(_ json: String) throws -> StoredTemplates {
        try JSONDecoder().decode(StoredTemplates.self, from: Data(json.utf8))
    }

    /// The JSON stored, keys sorted.
    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The message of a destination of `kind` (`slack` or `email`); a missing template is its default.
    func message(kind: String) -> ChannelDestination.Message {
        if kind == "slack" { return .slack(text: text ?? ChannelDestination.defaultSlackText) }
        return .email(
            from: from ?? "", to: to ?? [], subject: subject ?? ChannelDestination.defaultSubject,
            body: body ?? ChannelDestination.defaultBody)
    }
}
