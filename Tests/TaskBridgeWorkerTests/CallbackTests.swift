import Crypto
import Foundation
import HTTPTypes
import PostgresClient
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport

/// Client callbacks: a task's `callback_url` gets signed POSTs when the task is carded and when its card moves,
/// again after a failed attempt, and internal addresses are refused at submission.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct CallbackTests {
    static let signingKey = "callback-tests-signing-key-0123456789"

    @Test func theReceiverGetsSignedEventsForCardedAndMovedToDoneAgainAfterA500() async throws {
        try await CallbackReceiver.with(script: [.internalServerError]) { receiver in
            try await WorkerWorld.with(webhooks: true) { world in
                try await world.withWorkers(1, { configuration in
                    configuration.trelloActionInterval = .milliseconds(50)
                    configuration.callbacks.policy = WorkerWorld.loopbackCallbacks
                    configuration.callbacks.signing = CallbackSigning(serverKey: Self.signingKey)
                    configuration.callbacks.retry = RetryPolicy(base: .milliseconds(100), cap: .milliseconds(200), maxAttempts: 5)
                    configuration.callbacks.interval = .milliseconds(50)
                }) {
                    let id = try await world.submit(
                        #"{"type":"issue","title":"Call me","description":"d","callback_url":"\#(receiver.url)"}"#)
                    try await eventually("the carded event arrives twice", timeout: .seconds(60)) {
                        await receiver.log.calls.count >= 2
                    }
                    let cardID = try #require(try await world.task(id).cardID)
                    let settings = world.workerConfiguration().trello
                    let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: try #require(world.apiBaseURL))
                    _ = try await BoardWebhook.with(trello: settings, callbackURL: callbackURL, logger: world.logger) {
                        try await $0.register()
                    }
                    try await world.sandbox.post("cards/\(cardID)/move", #"{"list":"Done"}"#)
                    try await eventually("the moved event arrives", timeout: .seconds(60)) {
                        await receiver.log.calls.count >= 3
                    }
                    let calls = await receiver.log.calls
                    let secret = try await Self.secret(world)
                    for call in calls {
                        #expect(Self.verifies(call, secret: secret), "\(call.signature ?? "no signature")")
                        #expect(call.eventID == call.json["id"] as? String)
                    }
                    // The first attempt got a 500: the second carries the same event, byte for byte.
                    #expect(calls[0].body == calls[1].body)
                    #expect(calls[0].json["type"] as? String == "task.carded")
                    #expect((calls[0].json["task"] as? [String: Any])?["id"] as? String == id.uuidString.lowercased())
                    #expect(calls[2].json["type"] as? String == "task.card_moved")
                    let card = (calls[2].json["task"] as? [String: Any])?["card"] as? [String: Any]
                    #expect(card?["list"] as? String == "Done")
                    // The courier records an outcome just after the receiver answers.
                    var outcomes: [(String, String, Int, Int?)] = []
                    try await eventually("both deliveries are recorded", timeout: .seconds(30)) {
                        outcomes = try await world.postgres.query(
                            "SELECT type, state, attempts, last_status FROM callback_deliveries ORDER BY id")
                            .map { try $0.decode((String, String, Int, Int?).self) }
                        return outcomes.map(\.1) == ["delivered", "delivered"]
                    }
                    #expect(outcomes.map(\.0) == ["task.carded", "task.card_moved"])
                    #expect(outcomes.map(\.2) == [2, 1])
                    #expect(outcomes.map(\.3) == [200, 200])
                }
            }
        }
    }

    @Test(arguments: ["https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook", "http://example.com/"])
    func anInternalOrPlainCallbackURLIsRefusedWithA422(url: String) async throws {
        try await WorkerWorld.with { world in
            let answer = try await world.post(#"{"type":"issue","title":"t","description":"d","callback_url":"\#(url)"}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.contains(#""field":"callback_url""#))
            #expect(try await world.statusCounts().isEmpty)
        }
    }

    /// The signing secret of the world's only token.
    static func secret(_ world: WorkerWorld) async throws -> String {
        let rows = try await world.postgres.query("SELECT id, signing_generation FROM api_tokens")
        let (id, generation) = try #require(try rows.first?.decode((UUID, Int).self))
        return try #require(CallbackSigning(serverKey: signingKey)).secret(tokenID: id, generation: generation)
    }

    /// Whether `call` carries `t=…,v1=…` over its body under `secret`, made less than 5 minutes ago: what the
    /// README's receiver checks.
    static func verifies(_ call: CallbackReceiver.Call, secret: String) -> Bool {
        guard let header = call.signature else { return false }
        var parts: [String: String] = [:]
        for item in header.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0]] = pair[1] }
        }
        guard let t = parts["t"], let timestamp = Int(t), let v1 = parts["v1"],
            abs(Int(Date().timeIntervalSince1970) - timestamp) < 300
        else { return false }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(t).\(call.body)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == v1
    }
}
