import TaskBridgeCore
import Testing

/// Channel destinations are checked when configured: templates parse, header templates hold no line break,
/// addresses are fixed and plain, moments are among accepted, carded and failed.
@Suite(.timeLimit(.minutes(1))) struct ChannelDestinationTests {
    static func email(
        from: String = "bridge@example.com", to: [String] = ["team@example.com"], subject: String = "{{title}}",
        body: String = "{{description}}"
    ) throws(ChannelDestinationError) -> ChannelDestination {
        try ChannelDestination(credential: "mail", message: .email(from: from, to: to, subject: subject, body: body))
    }

    @Test func defaultsNotifyOfCardsAndFailuresWithTheDefaultTemplates() throws {
        let slack = try ChannelDestination(credential: "hook", message: .slack(text: ChannelDestination.defaultSlackText))
        #expect(slack.moments == [.carded, .failed])
        #expect(slack.kind == "slack" && slack.credentialKind == "slack")
        #expect(slack.summary == "slack via hook on carded,failed")
        let mail = try Self.email(subject: ChannelDestination.defaultSubject, body: ChannelDestination.defaultBody)
        #expect(mail.kind == "email" && mail.credentialKind == "smtp")
        #expect(mail.notifies(.carded) && !mail.notifies(.accepted))
    }

    @Test func anUnknownPlaceholderIsAClearError() {
        #expect(throws: ChannelDestinationError.self) {
            try ChannelDestination(credential: "hook", message: .slack(text: "{{titel}}"))
        }
        do {
            _ = try Self.email(body: "Card: {{card}}")
            Issue.record("an unknown placeholder was accepted")
        } catch {
            #expect("\(error)".hasPrefix("the channel's body: the template names {{card}}"))
            #expect("\(error)".contains("{{card_url}}"))
        }
    }

    @Test func headerTemplatesRefuseLineBreaksAndAddressesAreFixed() {
        for bad in [
            { try Self.email(subject: "Hi\r\nBcc: x@example.com") },
            { try Self.email(from: "{{title}}@example.com") },
            { try Self.email(to: ["a@example.com\r\nBcc: b@example.com"]) },
            { try Self.email(to: []) },
            { try Self.email(to: ["not an address"]) },
        ] as [() throws -> ChannelDestination] {
            #expect(throws: ChannelDestinationError.self) { try bad() }
        }
    }

    @Test func momentsParseFromAListAndNoneIsAnError() throws {
        #expect(NotificationMoment.list(parsing: "failed, accepted,carded,accepted") == [.accepted, .carded, .failed])
        #expect(NotificationMoment.list(parsing: "carded,sent") == nil)
        #expect(NotificationMoment.list(parsing: "") == nil)
        #expect(throws: ChannelDestinationError.self) {
            try ChannelDestination(credential: "hook", moments: [], message: .slack(text: "x"))
        }
    }

    @Test func credentialKindsCheckTheirValues() {
        #expect(Credential.problem(kind: "slack", secret: .slack(hookURL: "https://hooks.slack.com/services/T/B/x")) == nil)
        #expect(Credential.problem(kind: "slack", secret: .slack(hookURL: "hooks.slack.com")) != nil)
        #expect(Credential.problem(kind: "smtp", secret: .smtp(server: "smtps://mail:465", username: "u", password: "p")) == nil)
        #expect(Credential.problem(kind: "smtp", secret: .smtp(server: "mail:25", username: "u", password: "p")) != nil)
    }
}
