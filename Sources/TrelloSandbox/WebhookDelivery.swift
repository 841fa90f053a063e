import Foundation

/// One action on its way to one webhook: the exact body that is signed and sent.
struct WebhookDelivery: Sendable {
    let webhookID: String
    let callbackURL: String
    let body: Data
}
