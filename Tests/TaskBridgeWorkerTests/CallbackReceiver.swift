import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import TestSupport

/// A client's callback receiver over real HTTP: it keeps every POST with its signature and answers each with the
/// next status of its script (200 once the script is used up).
struct CallbackReceiver: Sendable {
    /// One POST the receiver got.
    struct Call: Sendable {
        let signature: String?
        let eventID: String?
        let body: String

        /// The body as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// The URL to give as `callback_url`.
    let url: String
    let log: CallLog<Call>

    /// Runs `body` with a receiver on a free loopback port.
    static func with<Value: Sendable>(
        script: [HTTPResponse.Status] = [], _ body: @Sendable (CallbackReceiver) async throws -> Value
    ) async throws -> Value {
        let log = CallLog<Call>(script: script.map { Int($0.code) })
        let router = Router()
        router.post("events") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            return HTTPResponse.Status(code: await log.record(Call(
                signature: request.headers[HTTPField.Name("TaskBridge-Signature")!],
                eventID: request.headers[HTTPField.Name("TaskBridge-Event-Id")!], body: String(buffer: body))))
        }
        var logger = Logger(label: "callback-receiver")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            try await body(CallbackReceiver(url: "http://127.0.0.1:\(client.port!)/events", log: log))
        }
    }
}
