import Crypto
import Foundation
import TaskBridgeRuntime

/// Trello's `X-Trello-Webhook`: base64 of HMAC-SHA1 over the raw body followed by the exact callback URL, keyed with
/// the application's secret.
enum TrelloWebhookSignature {
    /// Whether `header` signs `body` for `callbackURL` under `secret`, compared in constant time.
    static func isValid(_ header: String?, body: some Collection<UInt8>, callbackURL: String, secret: Secret) -> Bool {
        guard let header, let code = Data(base64Encoded: header) else { return false }
        var content = Data(body)
        content.append(contentsOf: Array(callbackURL.utf8))
        return HMAC<Insecure.SHA1>.isValidAuthenticationCode(
            code, authenticating: content, using: SymmetricKey(data: Array(secret.value.utf8)))
    }
}
