import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TaskBridgeCore

/// `HEAD` and `POST /trello/webhook`: Trello's calls about the boards the bridge delivers to. A call is verified,
/// stored once by its action id, and answered at once; the workers apply it to its task later.
struct TrelloWebhookController: Sendable {
    /// The largest body accepted; Trello's actions are a few KiB.
    static let maxBodySize = 256 * 1024

    /// The exact URL Trello signs.
    let callbackURL: String
    /// The secrets calls are signed with.
    let secrets: any TrelloWebhookSecrets
    /// Where actions are stored.
    let actions: TrelloActionStore

    /// Adds the routes to `router`.
    func addRoutes(to router: Router<APIRequestContext>) {
        // Trello checks the callback with a HEAD before it creates the webhook, and wants a 200.
        router.head(RouterPath(TrelloWebhookAddress.path)) { _, _ in HTTPResponse.Status.ok }
        router.post(RouterPath(TrelloWebhookAddress.path), use: receive)
    }

    /// `POST /trello/webhook`: 401 and nothing recorded unless the signature holds; 200 otherwise, also for a
    /// repeat, a card that is not ours, or an action the bridge does not keep (Trello would only retry them).
    @Sendable func receive(_ request: Request, context: APIRequestContext) async throws -> HTTPResponse.Status {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodySize)
        } catch is NIOTooManyBytesError {
            throw Problem(.bodyTooLarge, detail: "A Trello webhook call must be at most \(Self.maxBodySize / 1024) KiB.")
        }
        let action = TrelloCardAction(webhookBody: body.readableBytesView)
        let secret = try await secrets.secret(forBoard: action?.boardID)
        guard let secret,
            TrelloWebhookSignature.isValid(
                request.headers[.trelloWebhook], body: body.readableBytesView, callbackURL: callbackURL, secret: secret)
        else {
            throw Problem(.invalidSignature, detail: "X-Trello-Webhook is missing or does not sign this body; nothing was recorded.")
        }
        guard let action else { return .ok }
        let receipt = try await actions.record(action, body: String(buffer: body))
        context.logger.debug(
            "Trello action received", metadata: ["trello.action": "\(action.id)", "receipt": "\(receipt)"])
        return .ok
    }
}

extension HTTPField.Name {
    /// `X-Trello-Webhook`: Trello's signature of a webhook call.
    static var trelloWebhook: Self { Self("X-Trello-Webhook")! }
}
