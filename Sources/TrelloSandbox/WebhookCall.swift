import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The sandbox's outbound HTTP, as Trello's webhook sender makes it: the `HEAD` check at registration and signed
/// `POST`s of actions. Foundation's client, because the sandbox shares no code with the bridge.
struct WebhookCall: Sendable {
    let session: URLSession
    let settings: WebhookSettings

    /// A caller with its own session, so a slow receiver holds up no other request of the sandbox.
    init(settings: WebhookSettings) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(settings.timeoutMilliseconds) / 1000
        configuration.httpShouldSetCookies = false
        self.session = URLSession(configuration: configuration)
        self.settings = settings
    }

    /// The status `HEAD callbackURL` answers, or nil when there is no answer.
    func head(_ callbackURL: String) async -> Int? {
        guard let url = URL(string: callbackURL) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "HEAD"
        return await self.status(of: request, body: nil)
    }

    /// POSTs `body` to `callbackURL` signed as Trello signs it; the status it answered, nil when none.
    func post(_ body: Data, to callbackURL: String) async -> Int? {
        guard let url = URL(string: callbackURL) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(Self.signature(of: body, callbackURL: callbackURL, secret: self.settings.secret), forHTTPHeaderField: "X-Trello-Webhook")
        return await self.status(of: request, body: body)
    }

    /// `X-Trello-Webhook`: base64 of HMAC-SHA1 over the body followed by the callback URL, keyed with the secret.
    static func signature(of body: Data, callbackURL: String, secret: String) -> String {
        var content = body
        content.append(contentsOf: Array(callbackURL.utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: content, using: SymmetricKey(data: Array(secret.utf8)))
        return Data(code).base64EncodedString()
    }

    private func status(of request: URLRequest, body: Data?) async -> Int? {
        await withCheckedContinuation { continuation in
            let completion: @Sendable (Data?, URLResponse?, (any Error)?) -> Void = { _, response, _ in
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode)
            }
            var request = request
            request.httpBody = body
            self.session.dataTask(with: request, completionHandler: completion).resume()
        }
    }
}
