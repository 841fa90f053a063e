import TaskBridgeCore
import Testing

/// A claimed notification is rebuilt from the delivery's snapshot of its channel: the templates as stored at
/// acceptance, the credential's name as it is now, and nothing to send once that credential is gone.
@Suite(.timeLimit(.minutes(1))) struct ClaimedNotificationTests {
    @Test func aSlackSnapshotBecomesItsChannelForTheMomentAlone() {
        let claimed = ClaimedNotification(
            moment: .carded, kind: "slack", credential: "ops-hook", templates: #"{"text": "{{title}}: {{card_url}}"}"#,
            cardURL: "https://trello.com/c/abc")
        #expect(claimed.channel?.message == .slack(text: "{{title}}: {{card_url}}"))
        #expect(claimed.channel?.credential == "ops-hook")
        #expect(claimed.channel?.moments == [.carded])
        #expect(claimed.cardURL == "https://trello.com/c/abc")
    }

    @Test func anEmailSnapshotKeepsItsAddressesAndDefaultsWhatItLacks() {
        let claimed = ClaimedNotification(
            moment: .failed, kind: "email", credential: "mail",
            templates: #"{"from": "bridge@example.com", "to": ["team@example.com"]}"#, cardURL: nil)
        #expect(claimed.channel?.message == .email(
            from: "bridge@example.com", to: ["team@example.com"], subject: ChannelDestination.defaultSubject,
            body: ChannelDestination.defaultBody))
    }

    @Test func aRemovedCredentialOrUnreadableTemplatesLeaveNothingToSend() {
        #expect(ClaimedNotification(moment: .accepted, kind: "slack", credential: nil, templates: #"{"text": "x"}"#, cardURL: nil).channel == nil)
        #expect(ClaimedNotification(moment: .accepted, kind: "slack", credential: "hook", templates: "not json", cardURL: nil).channel == nil)
        // An email snapshot without recipients no longer makes a destination.
        #expect(ClaimedNotification(moment: .carded, kind: "email", credential: "mail", templates: "{}", cardURL: nil).channel == nil)
    }
}
