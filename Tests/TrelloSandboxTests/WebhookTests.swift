import Crypto
import Foundation
import Hummingbird
import Testing
import TestSupport
import TrelloSandbox

/// The sandbox plays Trello's webhooks: a `HEAD` check before registering, signed `POST`s of card actions, retries,
/// and deactivation after failing deliveries.
@Suite(.timeLimit(.minutes(3))) struct WebhookTests {
    /// A sandbox whose deliveries retry fast.
    static let configuration = SandboxConfiguration(
        webhooks: WebhookSettings(attempts: 2, retryMilliseconds: 20, failureLimit: 2, timeoutMilliseconds: 5000))

    /// Registers `callbackURL` on the seeded board.
    static func register(_ sandbox: LiveSandbox, _ callbackURL: String) async throws -> Reply {
        try await sandbox.post("/1/webhooks", json: ["callbackURL": callbackURL, "idModel": sandbox.boardID, "description": "test"])
    }

    @Test func aRegistrationIsCheckedWithAHeadAndListedOnce() async throws {
        try await WebhookReceiver.with { receiver in
            try await LiveSandbox.with(Self.configuration) { sandbox in
                let reply = try await Self.register(sandbox, receiver.callbackURL)
                #expect(reply.status == .ok, "\(reply.body)")
                #expect(await receiver.log.calls.map(\.method) == [.head])
                let again = try await Self.register(sandbox, receiver.callbackURL)
                #expect(again.status == .badRequest)
                let listed = try await sandbox.get("/1/tokens/\(Credentials.defaultToken)/webhooks")
                let webhooks = try #require(try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]])
                #expect(webhooks.count == 1)
                #expect(webhooks.first?["active"] as? Bool == true)
                #expect(webhooks.first?["callbackURL"] as? String == receiver.callbackURL)
            }
        }
    }

    @Test func aCallbackThatDoesNotAnswer200IsNotRegistered() async throws {
        try await WebhookReceiver.with(headStatus: .notFound) { receiver in
            try await LiveSandbox.with(Self.configuration) { sandbox in
                let reply = try await Self.register(sandbox, receiver.callbackURL)
                #expect(reply.status == .badRequest)
                #expect(reply.body.contains("did not return 200 status code, got 404"))
                #expect(try await sandbox.get("/1/tokens/\(Credentials.defaultToken)/webhooks").body == "[]")
            }
        }
    }

    @Test func aMovedCardIsPostedSignedWithTheSecretAndTheCallbackURL() async throws {
        try await WebhookReceiver.with { receiver in
            try await LiveSandbox.with(Self.configuration) { sandbox in
                let card = try await sandbox.createCard(["name": "moving"])
                #expect(try await Self.register(sandbox, receiver.callbackURL).status == .ok)
                let move = try await sandbox.sendAlone(
                    .post, "/_sandbox/cards/\(card.id)/move", headers: [.contentType: "application/json"], body: #"{"list":"Done"}"#)
                #expect(move.status == .ok, "\(move.body)")
                try await eventually("the move is posted") { await !receiver.posts().isEmpty }
                let post = try #require(await receiver.posts().first)
                let expected = HMAC<Insecure.SHA1>.authenticationCode(
                    for: Array((post.body + receiver.callbackURL).utf8),
                    using: SymmetricKey(data: Array(WebhookSettings.defaultSecret.utf8)))
                #expect(post.signature == Data(expected).base64EncodedString())
                let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
                let action = try #require(body["action"] as? [String: Any])
                let data = try #require(action["data"] as? [String: Any])
                #expect(action["type"] as? String == "updateCard")
                #expect((data["listAfter"] as? [String: Any])?["name"] as? String == "Done")
                #expect((data["card"] as? [String: Any])?["id"] as? String == card.id)
                #expect((body["model"] as? [String: Any])?["id"] as? String == sandbox.boardID)
            }
        }
    }

    @Test func aFailedDeliveryIsRetriedWithTheSameBody() async throws {
        try await WebhookReceiver.with(script: [.internalServerError]) { receiver in
            try await LiveSandbox.with(Self.configuration) { sandbox in
                let card = try await sandbox.createCard()
                #expect(try await Self.register(sandbox, receiver.callbackURL).status == .ok)
                _ = try await sandbox.sendAlone(.post, "/_sandbox/cards/\(card.id)/archive")
                try await eventually("the retry arrives") { await receiver.posts().count == 2 }
                let posts = await receiver.posts()
                #expect(posts[0].body == posts[1].body)
                #expect(posts[0].signature == posts[1].signature)
                let webhooks = try await sandbox.sendAlone(.get, "/_sandbox/webhooks")
                #expect(webhooks.body.contains(#""consecutiveFailures":0"#))
            }
        }
    }

    @Test func aWebhookThatKeepsFailingIsDeactivated() async throws {
        let failures = [HTTPResponse.Status](repeating: .internalServerError, count: 4)
        try await WebhookReceiver.with(script: failures) { receiver in
            try await LiveSandbox.with(Self.configuration) { sandbox in
                let card = try await sandbox.createCard()
                #expect(try await Self.register(sandbox, receiver.callbackURL).status == .ok)
                _ = try await sandbox.sendAlone(.post, "/_sandbox/cards/\(card.id)/archive")
                _ = try await sandbox.sendAlone(.delete, "/1/cards/\(card.id)?\(LiveSandbox.auth)")
                try await eventually("the webhook is deactivated") {
                    try await sandbox.sendAlone(.get, "/_sandbox/webhooks").body.contains(#""active":false"#)
                }
                // Two deliveries of two attempts each, then nothing more while it is off.
                #expect(await receiver.posts().count == 4)
            }
        }
    }
}
