import Hummingbird
import Testing
import TrelloSandbox

@Suite("Admin routes", .timeLimit(.minutes(3)))
struct AdminRouteTests {
    @Test("counters: /1 responses by route pattern and status")
    func counters() async throws {
        try await LiveSandbox.with { sandbox in
            let card = try await sandbox.createCard()
            _ = try await sandbox.createCard()
            _ = try await sandbox.post("/1/cards", json: [:])
            _ = try await sandbox.get("/1/cards/\(card.id)")
            _ = try await sandbox.send(.get, "/1/cards/\(card.id)")
            _ = try await sandbox.get("/1/nope")
            #expect(
                try await sandbox.counters() == [
                    "POST /1/cards": ["200": 2, "400": 1],
                    "GET /1/cards/{id}": ["200": 1, "401": 1],
                    "GET (no route)": ["404": 1],
                ]
            )
        }
    }

    @Test("reset: seeded board back, counters zeroed, faults and credentials as at start, ids never reused")
    func reset() async throws {
        try await LiveSandbox.with { sandbox in
            let before = try await sandbox.board()
            let card = try await sandbox.createCard()
            _ = try await sandbox.post("/1/labels", json: ["idBoard": sandbox.boardID, "name": "Extra", "color": "lime"])
            _ = try await sandbox.admin(put: "faults", #"{"latencyMs":1}"#)
            _ = try await sandbox.admin(put: "credentials", #"{"token":"other"}"#)
            let reset = try await sandbox.sendAlone(.post, "/_sandbox/reset")
            #expect(reset.status == .noContent)
            #expect(try await sandbox.cards().isEmpty)
            #expect(try await sandbox.counters().isEmpty)
            let after = try await sandbox.board()
            #expect(after.labels == before.labels && after.lists == before.lists)
            #expect(try await sandbox.sendAlone(.get, "/_sandbox/faults").decoded(as: Faults.self) == Faults())
            #expect(try await sandbox.sendAlone(.get, "/_sandbox/credentials").decoded(as: Credentials.self) == Credentials())
            let next = try await sandbox.createCard()
            #expect(next.id != card.id)
            #expect(next.idShort == 1)
        }
    }

    @Test("health answers without credentials")
    func health() async throws {
        try await LiveSandbox.with { sandbox in
            let reply = try await sandbox.sendAlone(.get, "/_sandbox/health")
            #expect(reply.status == .ok && reply.body == #"{"status":"ok"}"#)
        }
    }
}
