@testable import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import Testing

/// What the bridge reads of Trello's webhook calls, and how it checks their signature.
@Suite(.timeLimit(.minutes(1))) struct TrelloCardActionTests {
    private static func body(type: String, data: String) -> [UInt8] {
        Array(#"{"action":{"id":"a1","type":"\#(type)","date":"2026-11-29T10:00:00.000Z","data":\#(data)},"model":{"id":"b1"}}"#.utf8)
    }

    private static let card = #""card":{"id":"c1","name":"n","closed":true,"due":"2030-01-01T00:00:00.000Z","dueComplete":true,"idMembers":["m1","m2"]}"#

    @Test func aMoveNamesTheListItWentTo() throws {
        let action = try #require(TrelloCardAction(webhookBody: Self.body(
            type: "updateCard",
            data: #"{"card":{"id":"c1"},"board":{"id":"b1"},"listBefore":{"id":"l1","name":"To Do"},"listAfter":{"id":"l2","name":"Done"},"old":{"idList":"l1"}}"#)))
        #expect(action.id == "a1" && action.cardID == "c1" && action.boardID == "b1")
        #expect(action.changes == [.list("Done")])
    }

    @Test func anUpdateStatesOnlyWhatItsOldValuesName() throws {
        let everything = try #require(TrelloCardAction(webhookBody: Self.body(
            type: "updateCard", data: #"{\#(Self.card),"old":{"closed":false,"idMembers":[],"due":null,"dueComplete":false}}"#)))
        #expect(everything.changes == [.closed(true), .members(["m1", "m2"]), .due("2030-01-01T00:00:00.000Z"), .dueComplete(true)])
        let renamed = try #require(TrelloCardAction(webhookBody: Self.body(type: "updateCard", data: #"{\#(Self.card),"old":{"name":"x"}}"#)))
        #expect(renamed.changes.isEmpty)
    }

    @Test func deletionsAndMembersComeAsTheirOwnActions() throws {
        #expect(TrelloCardAction(webhookBody: Self.body(type: "deleteCard", data: #"{"card":{"id":"c1"}}"#))?.changes == [.deleted])
        #expect(TrelloCardAction(webhookBody: Self.body(type: "addMemberToCard", data: #"{"card":{"id":"c1"},"idMember":"m3"}"#))?.changes == [.memberAdded("m3")])
        #expect(TrelloCardAction(webhookBody: Self.body(type: "removeMemberFromCard", data: #"{"card":{"id":"c1"},"idMember":"m3"}"#))?.changes == [.memberRemoved("m3")])
        #expect(TrelloCardAction(webhookBody: Self.body(type: "commentCard", data: #"{"card":{"id":"c1"}}"#))?.changes == [])
    }

    @Test func aBodyWithoutACardIsNoCardAction() {
        #expect(TrelloCardAction(webhookBody: Self.body(type: "updateList", data: #"{"list":{"id":"l1"}}"#)) == nil)
        #expect(TrelloCardAction(webhookBody: Array("not json".utf8)) == nil)
    }

    @Test func theSignatureCoversTheBodyAndTheExactCallbackURL() {
        let body = Array(#"{"action":{}}"#.utf8)
        let secret = Secret("app-secret")
        let url = "https://bridge.example.com/trello/webhook"
        // base64(HMAC-SHA1("app-secret", body + url)), computed with openssl, so the check is not compared with itself.
        let valid = "mrE6ohyue7cfmzE6uMzYbaMzJHA="
        #expect(TrelloWebhookSignature.isValid(valid, body: body, callbackURL: url, secret: secret))
        #expect(!TrelloWebhookSignature.isValid(valid, body: body, callbackURL: url + "/", secret: secret))
        #expect(!TrelloWebhookSignature.isValid(valid, body: body + [0x20], callbackURL: url, secret: secret))
        #expect(!TrelloWebhookSignature.isValid(valid, body: body, callbackURL: url, secret: Secret("other")))
        #expect(!TrelloWebhookSignature.isValid(nil, body: body, callbackURL: url, secret: secret))
        #expect(!TrelloWebhookSignature.isValid("%%%", body: body, callbackURL: url, secret: secret))
    }
}
