import Foundation

/// Where a route notifies people besides its boards: a Slack channel or a mailbox, the credential that reaches it
/// (`slack`: the hook URL; `smtp`: server, username, password), the moments that notify, and the templates.
///
/// The templates are checked when the destination is made (`ChannelDestination.init`), so an unknown placeholder
/// or a line break in a header is an error at configuration time, never at delivery.
public struct ChannelDestination: Sendable, Hashable, Codable {
    /// What the channel says, by kind.
    public enum Message: Sendable, Hashable, Codable {
        /// A Slack message of `text`, a template (mrkdwn).
        case slack(text: String)
        /// A plain-text mail. `from` and `to` are fixed addresses, never templates: a task must not choose where
        /// mail goes. `subject` and `body` are templates.
        case email(from: String, to: [String], subject: String, body: String)
    }

    /// The stored credential's name; its kind must fit (`slack` for Slack, `smtp` for email).
    public var credential: String
    /// The moments that notify, in lifecycle order, never empty.
    public var moments: [NotificationMoment]
    /// What is said.
    public var message: Message

    /// The Slack text used when none is given.
    public static let defaultSlackText = "*{{title}}* ({{type}}, {{moment}})\n{{card_url}}"
    /// The mail subject used when none is given.
    public static let defaultSubject = "[TaskBridge] {{title}} ({{moment}})"
    /// The mail body used when none is given.
    public static let defaultBody = "{{description}}\n\nCard: {{card_url}}\nTask: {{task_url}}\n"

    /// Checks and makes a destination; throws `ChannelDestinationError` naming the first problem.
    public init(credential: String, moments: [NotificationMoment] = NotificationMoment.defaults, message: Message)
        throws(ChannelDestinationError)
    {
        guard !credential.isEmpty else { throw .init("names no credential") }
        guard !moments.isEmpty else { throw .init("names no moment; choose among accepted, carded, failed") }
        switch message {
        case .slack(let text):
            try Self.check(text, as: "text")
        case .email(let from, let to, let subject, let body):
            try Self.checkAddress(from, as: "from")
            guard !to.isEmpty else { throw .init("to names no recipient") }
            for address in to { try Self.checkAddress(address, as: "to") }
            guard !subject.contains(where: \.isNewline) else {
                throw .init("subject holds a line break, which would start a mail header of its own")
            }
            try Self.check(subject, as: "subject")
            try Self.check(body, as: "body")
        }
        self.credential = credential
        self.moments = Array(Set(moments)).sorted()
        self.message = message
    }

    /// `slack` or `email`, as `route_destinations.kind` holds it.
    public var kind: String {
        switch message {
        case .slack: "slack"
        case .email: "email"
        }
    }

    /// The credential kind the destination needs.
    public var credentialKind: String {
        switch message {
        case .slack: "slack"
        case .email: "smtp"
        }
    }

    /// Whether `moment` notifies.
    public func notifies(_ moment: NotificationMoment) -> Bool { moments.contains(moment) }

    /// The destination as people read it: `slack via ops-hook on carded,failed` or `email to a@b via smtp-main on ...`.
    public var summary: String {
        let on = moments.map(\.rawValue).joined(separator: ",")
        switch message {
        case .slack: return "slack via \(credential) on \(on)"
        case .email(_, let to, _, _): return "email to \(to.joined(separator: ",")) via \(credential) on \(on)"
        }
    }

    private static func check(_ template: String, as field: String) throws(ChannelDestinationError) {
        do {
            _ = try MessageTemplate(template)
        } catch {
            throw .init("\(field): \(error)")
        }
    }

    /// A bare address: one `@` with text on both sides, no space, line break, bracket or placeholder.
    private static func checkAddress(_ address: String, as field: String) throws(ChannelDestinationError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = address.unicodeScalars.contains { $0.value <= 0x20 || $0.value >= 0x7F || "<>{}\",;".unicodeScalars.contains($0) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !forbidden else {
            throw .init("\(field) must be a plain address like team@example.com, not \(address.debugDescription)")
        }
    }
}

/// Why a channel destination cannot be made: one line, e.g. "the channel's subject holds a line break ...".
public struct ChannelDestinationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let problem: String

    public init(_ problem: String) {
        self.problem = problem
    }

    public var description: String { "the channel's \(problem)" }
}
