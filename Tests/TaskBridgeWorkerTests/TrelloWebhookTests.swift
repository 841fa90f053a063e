import Crypto
import CurlClient
import Foundation
import HTTPTypes
import PostgresClient
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// Status flows back: the sandbox, playing Trello, calls the API's webhook receiver over HTTP with signed actions;
/// the workers apply them to the tasks whose cards they are about.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct TrelloWebhookTests {
    /// A task carded by a worker, with the board's webhook registered through the CLI's `BoardWebhook`.
    private func withCardedTask<Value: Sendable>(
        _ body: @Sendable (WorkerWorld, UUID, String) async throws -> Value
    ) async throws -> Value {
        try await WorkerWorld.with(webhooks: true) { world in
            try await world.withWorkers(1, { $0.trelloActionInterval = .milliseconds(50) }) {
                let id = try await world.submit(#"{"type":"issue","title":"Flows back","description":"d"}"#)
                try await eventually("the task is done") { try await world.task(id).status == .done }
                let cardID = try #require(try await world.task(id).cardID)
                try await register(world)
                return try await body(world, id, cardID)
            }
        }
    }

    /// Registers the webhook twice: the second time finds the first.
    private func register(_ world: WorkerWorld) async throws {
        let settings = world.workerConfiguration().trello
        let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: try #require(world.apiBaseURL))
        let (first, second) = try await BoardWebhook.with(trello: settings, callbackURL: callbackURL, logger: world.logger) {
            (try await $0.register(), try await $0.register())
        }
        guard case .created(let created) = first, case .unchanged(let found) = second else {
            Issue.record("registered \(first), then \(second)")
            return
        }
        #expect(created.id == found.id && found.active)
    }

    /// The card's fields as `GET /v1/tasks/{id}` shows them.
    private func card(_ world: WorkerWorld, _ id: UUID) async throws -> [String: Any] {
        try await world.fetch(id)["card"] as? [String: Any] ?? [:]
    }

    /// The timeline's events of `type`, with their data.
    private func events(_ world: WorkerWorld, _ id: UUID, _ type: String) async throws -> [Any] {
        try await world.timeline(id).filter { $0["type"] as? String == type }.map { $0["data"] ?? NSNull() }
    }

    @Test func aCardMovedToDoneShowsItsListOnTheTask() async throws {
        try await withCardedTask { world, id, cardID in
            let moved = ContinuousClock.now
            try await world.sandbox.post("cards/\(cardID)/move", #"{"list":"Done"}"#)
            try await eventually("card.list is Done", timeout: .seconds(30)) {
                try await card(world, id)["list"] as? String == "Done"
            }
            // Measured, not asserted: the issue asks for "within a second" on an idle machine.
            print("card.list = Done on the task \(ContinuousClock.now - moved) after the move")
            #expect(try await events(world, id, "card.list") as? [String] == ["Done"])
            let timeline = try await world.timeline(id)
            #expect(timeline.first?["type"] as? String == "status")
            #expect(timeline.last?["detail"] as? String == "Trello: card moved to list Done")
        }
    }

    @Test func archivingMembersAndDueDatesEachBecomeAFieldAndAnEvent() async throws {
        try await withCardedTask { world, id, cardID in
            let member = try #require(try await world.sandbox.board().members.first?.id)
            try await world.sandbox.post("cards/\(cardID)/archive")
            try await world.sandbox.trello(.put, "cards/\(cardID)", ["idMembers": member])
            try await world.sandbox.trello(.put, "cards/\(cardID)", ["due": "2030-01-02T03:04:05.000Z"])
            try await world.sandbox.trello(.put, "cards/\(cardID)", ["dueComplete": "true"])
            try await eventually("every change is on the task", timeout: .seconds(30)) {
                try await card(world, id)["due_complete"] as? Bool == true
            }
            let fields = try await card(world, id)
            #expect(fields["closed"] as? Bool == true)
            #expect(fields["members"] as? [String] == [member])
            #expect(fields["due"] as? String == "2030-01-02T03:04:05.000Z")
            #expect(try await events(world, id, "card.closed") as? [Bool] == [true])
            #expect(try await events(world, id, "card.members") as? [[String]] == [[member]])
            #expect(try await events(world, id, "card.due") as? [String] == ["2030-01-02T03:04:05.000Z"])
            #expect(try await events(world, id, "card.due_complete") as? [Bool] == [true])
        }
    }

    @Test func aDeletedCardIsMarkedDeleted() async throws {
        try await withCardedTask { world, id, cardID in
            try await world.sandbox.trello(.delete, "cards/\(cardID)")
            try await eventually("card.deleted is true", timeout: .seconds(30)) {
                try await card(world, id)["deleted"] as? Bool == true
            }
            #expect(try await events(world, id, "card.deleted") as? [Bool] == [true])
            // The reconciler, passing over the board, agrees: the card is gone, which the task already says.
            _ = try await runReconcilePass(
                configuration: world.workerConfiguration(name: "reconciler"), dryRun: false, logger: world.logger)
            let task = try await world.task(id)
            #expect(task.cardDeleted && task.status == .done)
            #expect(try await world.events(id).filter { $0.contains("deleted") }.count == 1)
        }
    }

    @Test func aWrongSignatureIsRefusedAndNothingIsRecorded() async throws {
        try await withCardedTask { world, id, cardID in
            let body = Self.moveBody(actionID: "a0000000000000000000000a", cardID: cardID, boardID: world.sandbox.boardID)
            let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: try #require(world.apiBaseURL))
            let wrong = Self.signature(body, callbackURL: callbackURL, secret: "not-the-secret")
            for headers: HTTPFields in [[:], [.init("X-Trello-Webhook")!: wrong], [.init("X-Trello-Webhook")!: "%%%"]] {
                var all = headers
                all[.contentType] = "application/json"
                let answer = try await world.request(.post, "/trello/webhook", headers: all, body: body)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[.contentType] == "application/problem+json")
            }
            #expect(try await Self.storedActions(world) == 0)
            #expect(try await events(world, id, "card.list").isEmpty)
        }
    }

    @Test func theSameActionDeliveredTwiceIsRecordedOnce() async throws {
        try await withCardedTask { world, id, cardID in
            let body = Self.moveBody(actionID: "b0000000000000000000000b", cardID: cardID, boardID: world.sandbox.boardID)
            let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: try #require(world.apiBaseURL))
            let signature = Self.signature(body, callbackURL: callbackURL, secret: WebhookSettings.defaultSecret)
            for _ in 0..<2 {
                let answer = try await world.request(
                    .post, "/trello/webhook",
                    headers: [.init("X-Trello-Webhook")!: signature, .contentType: "application/json"], body: body)
                #expect(answer.status == .ok)
            }
            try await eventually("card.list is Doing", timeout: .seconds(30)) {
                try await card(world, id)["list"] as? String == "Doing"
            }
            #expect(try await Self.storedActions(world) == 1)
            #expect(try await events(world, id, "card.list") as? [String] == ["Doing"])
        }
    }

    @Test func anActionOnACardThatIsNotOursIsIgnored() async throws {
        try await withCardedTask { world, _, _ in
            let body = Self.moveBody(actionID: "c0000000000000000000000c", cardID: "ffffffffffffffffffffffff", boardID: world.sandbox.boardID)
            let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: try #require(world.apiBaseURL))
            let signature = Self.signature(body, callbackURL: callbackURL, secret: WebhookSettings.defaultSecret)
            let answer = try await world.request(
                .post, "/trello/webhook",
                headers: [.init("X-Trello-Webhook")!: signature, .contentType: "application/json"], body: body)
            #expect(answer.status == .ok)
            #expect(try await Self.storedActions(world) == 0)
            #expect(try await world.request(.head, "/trello/webhook").status == .ok)
        }
    }

    @Test func registeringRepairsAWebhookTrelloDeactivated() async throws {
        try await withCardedTask { world, _, _ in
            let webhook = try #require(try await world.sandbox.webhooks().first)
            try await world.sandbox.trello(.put, "webhooks/\(webhook.id)", ["active": "false"])
            let settings = world.workerConfiguration().trello
            let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: try #require(world.apiBaseURL))
            let (before, registration, removed, after) = try await BoardWebhook.with(
                trello: settings, callbackURL: callbackURL, logger: world.logger
            ) { hook in
                (try await hook.status(), try await hook.register(), try await hook.remove(), try await hook.status())
            }
            #expect(before.map(\.active) == [false])
            guard case .reactivated(let state) = registration else {
                Issue.record("expected a reactivation, got \(registration)")
                return
            }
            #expect(state.active && state.id == webhook.id)
            #expect(removed == 1 && after.isEmpty)
        }
    }

    /// An `updateCard` body moving `cardID` from To Do to Doing, as Trello sends it.
    static func moveBody(actionID: String, cardID: String, boardID: String) -> String {
        """
        {"action":{"id":"\(actionID)","type":"updateCard","date":"2026-01-01T00:00:00.000Z",\
        "data":{"card":{"id":"\(cardID)","name":"x","idShort":1,"shortLink":"abc","closed":false},\
        "board":{"id":"\(boardID)","name":"b","shortLink":"b"},"listBefore":{"id":"1","name":"To Do"},\
        "listAfter":{"id":"2","name":"Doing"},"old":{"idList":"1"}}},"model":{"id":"\(boardID)"}}
        """
    }

    /// `X-Trello-Webhook` for `body` at `callbackURL` under `secret`.
    static func signature(_ body: String, callbackURL: String, secret: String) -> String {
        let code = HMAC<Insecure.SHA1>.authenticationCode(
            for: Array((body + callbackURL).utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return Data(code).base64EncodedString()
    }

    /// Rows in `trello_actions`.
    static func storedActions(_ world: WorkerWorld) async throws -> Int {
        let rows = try await world.postgres.query("SELECT count(*)::int8 FROM trello_actions")
        return Int(try rows.first?.decode(Int64.self, at: 0) ?? -1)
    }
}
