import Foundation
import ArgumentParser
import TaskBridgeCore

/// The Slack and email destinations `routes add` takes: each `--slack` or `--email` names a credential, and the
/// options after it are given once for each, in the same order, or not at all (the default then).
struct ChannelOptions: ParsableArguments {
    @Option(name: .customLong("slack"), help: "A Slack destination's credential (kind slack), repeatable.")
    var slacks: [String] = []

    @Option(name: .customLong("slack-text"), help: "The message template for each --slack, in order.")
    var slackTexts: [String] = []

    @Option(name: .customLong("slack-on"), help: "The moments each --slack notifies of, e.g. accepted,carded.")
    var slackMoments: [String] = []

    @Option(name: .customLong("email"), help: "An email destination's credential (kind smtp), repeatable.")
    var emails: [String] = []

    @Option(name: .customLong("from"), help: "The sender's address for each --email.")
    var froms: [String] = []

    @Option(name: .customLong("to"), help: "The recipients for each --email, comma-separated.")
    var tos: [String] = []

    @Option(name: .customLong("subject"), help: "The subject template for each --email.")
    var subjects: [String] = []

    @Option(name: .customLong("body"), help: "The body template for each --email.")
    var bodies: [String] = []

    @Option(name: .customLong("email-on"), help: "The moments each --email notifies of (default carded,failed).")
    var emailMoments: [String] = []

    func validate() throws {
        for (values, option) in [(slackTexts, "--slack-text"), (slackMoments, "--slack-on")]
        where !(values.isEmpty || values.count == slacks.count) {
            throw ValidationError("give one \(option) for each --slack, or none")
        }
        for (values, option) in [(subjects, "--subject"), (bodies, "--body"), (emailMoments, "--email-on")]
        where !(values.isEmpty || values.count == emails.count) {
            throw ValidationError("give one \(option) for each --email, or none")
        }
        guard froms.count == emails.count, tos.count == emails.count else {
            throw ValidationError("give one --from and one --to for each --email")
        }
    }

    /// The destinations, checked; throws a one-line failure naming the first problem.
    func destinations() throws -> [ChannelDestination] {
        let slack = try slacks.indices.map { index in
            try ChannelDestination(
                credential: slacks[index], moments: try Self.moments(slackMoments, index),
                message: .slack(text: slackTexts.isEmpty ? ChannelDestination.defaultSlackText : slackTexts[index]))
        }
        let email = try emails.indices.map { index in
            try ChannelDestination(
                credential: emails[index], moments: try Self.moments(emailMoments, index),
                message: .email(
                    from: froms[index],
                    to: tos[index].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) },
                    subject: subjects.isEmpty ? ChannelDestination.defaultSubject : subjects[index],
                    body: bodies.isEmpty ? ChannelDestination.defaultBody : bodies[index]))
        }
        return slack + email
    }

    private static func moments(_ given: [String], _ index: Int) throws -> [NotificationMoment] {
        guard !given.isEmpty else { return NotificationMoment.defaults }
        guard let moments = NotificationMoment.list(parsing: given[index]) else {
            throw CommandFailure("moments must be comma-separated among accepted, carded, failed, not \(given[index])")
        }
        return moments
    }
}
