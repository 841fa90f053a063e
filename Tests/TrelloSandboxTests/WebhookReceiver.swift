import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport

/// A webhook receiver over real HTTP, as a bridge would run one: it keeps every call and answers each `POST` with
/// the next status of its script (200 once the script is used up), and every `HEAD` with `headStatus`.
struct WebhookReceiver: Sendable {
    /// One call the receiver got.
    struct Call: Sendable {
        let method: HTTPRequest.Method
        let signature: String?
        let body: String
    }

    /// The URL to register.
    let callbackURL: String
    let log: CallLog<Call>

    /// Runs `body` with a receiver on a free port.
    static func with<Value: Sendable>(
        script: [HTTPResponse.Status] = [], headStatus: HTTPResponse.Status = .ok,
        _ body: @Sendable (WebhookReceiver) async throws -> Value
    ) async throws -> Value {
        let log = CallLog<Call>(script: script.map { Int($0.code) })
        let router = Router()
        router.head("hook") { _, _ in
            _ = await log.record(Call(method: .head, signature: nil, body: ""), consumes: false)
            return headStatus
        }
        router.post("hook") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            let signature = request.headers.first { $0.name.canonicalName == "x-trello-webhook" }?.value
            return HTTPResponse.Status(code: await log.record(Call(method: .post, signature: signature, body: String(buffer: body))))
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            try await body(WebhookReceiver(callbackURL: "http://127.0.0.1:\(client.port!)/hook", log: log))
        }
    }

    /// The `POST`s so far.
    func posts() async -> [Call] {
        await self.log.calls.filter { $0.method == .post }
    }
}
