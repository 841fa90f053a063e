import Foundation
import Hummingbird
import Synchronization
import Testing
import TrelloSandbox

/// What a lookup on a large board and a reconciler need from the sandbox, as Trello offers it: card ids that sort
/// by creation, card pages by `limit`/`before`/`since`, a board's card actions, archiving and deleting.
@Suite("Lookups on large boards", .timeLimit(.minutes(3)))
struct LookupTests {
    @Test("card ids sort by creation and start with the creation second")
    func idsSortByCreation() async throws {
        try await LiveSandbox.with { sandbox in
            let before = Int64(Date().timeIntervalSince1970)
            var ids: [String] = []
            for index in 0..<5 { ids.append(try await sandbox.createCard(["name": "card \(index)"]).id) }
            let after = Int64(Date().timeIntervalSince1970)
            #expect(ids == ids.sorted())
            for id in ids {
                let second = try #require(Int64(id.prefix(8), radix: 16))
                #expect((before...after).contains(second))
            }
        }
    }

    @Test("a board's cards page newest first by limit and before, and since keeps the newer ones")
    func cardPages() async throws {
        try await LiveSandbox.with { sandbox in
            var made: [CardDTO] = []
            for index in 0..<7 { made.append(try await sandbox.createCard(["name": "card \(index)"])) }
            let path = "/1/boards/\(sandbox.boardID)/cards"
            let first: [CardDTO] = try await sandbox.get(path, query: "limit=3").decoded()
            #expect(first.map(\.name) == ["card 6", "card 5", "card 4"])
            let second: [CardDTO] = try await sandbox.get(path, query: "limit=3&before=\(first.last!.id)").decoded()
            #expect(second.map(\.name) == ["card 3", "card 2", "card 1"])
            let newer: [CardDTO] = try await sandbox.get(path, query: "since=\(made[4].id)").decoded()
            #expect(newer.map(\.name) == ["card 6", "card 5"])
            // A date works as a bound too: nothing on this board was made before 2001.
            let all: [CardDTO] = try await sandbox.get(path, query: "since=2001-01-01T00:00:00.000Z&limit=1000").decoded()
            #expect(all.count == 7)
            let none: [CardDTO] = try await sandbox.get(path, query: "before=2001-01-01T00:00:00Z").decoded()
            #expect(none.isEmpty)
            // Without paging parameters: every open card, oldest first, as before.
            let plain: [CardDTO] = try await sandbox.get(path).decoded()
            #expect(plain.map(\.id) == made.map(\.id))
            #expect(try await sandbox.get(path, query: "limit=1001").status == .badRequest)
            #expect(try await sandbox.get(path, query: "before=yesterday").status == .badRequest)
        }
    }

    @Test("archived cards leave open lists and stay in all; a deleted card is gone, with 404 after")
    func archiveAndDelete() async throws {
        try await LiveSandbox.with { sandbox in
            let kept = try await sandbox.createCard(["name": "kept"])
            let archived = try await sandbox.createCard(["name": "archived"])
            let deleted = try await sandbox.createCard(["name": "deleted"])
            let archive = try await sandbox.send(.put, "/1/cards/\(archived.id)?\(LiveSandbox.auth)&closed=true")
            #expect(archive.status == .ok)
            let remove = try await sandbox.send(.delete, "/1/cards/\(deleted.id)?\(LiveSandbox.auth)")
            #expect(remove.status == .ok)
            #expect(remove.body == #"{"limits":{}}"#)
            let open: [CardDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards").decoded()
            #expect(open.map(\.id) == [kept.id])
            let all: [CardDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards/all").decoded()
            #expect(all.map(\.id) == [kept.id, archived.id])
            #expect(try await sandbox.get("/1/cards/\(deleted.id)").status == .notFound)
            #expect(try await sandbox.send(.delete, "/1/cards/\(deleted.id)?\(LiveSandbox.auth)").status == .notFound)
        }
    }

    @Test("the board's actions log card creations, moves, archivals and deletions, newest first, by type")
    func actions() async throws {
        try await LiveSandbox.with { sandbox in
            let board = try await sandbox.board()
            let card = try await sandbox.createCard(["name": "moving", "desc": "not in the action"])
            _ = try await sandbox.send(.put, "/1/cards/\(card.id)?\(LiveSandbox.auth)&idList=\(board.lists[2].id)")
            _ = try await sandbox.send(.put, "/1/cards/\(card.id)?\(LiveSandbox.auth)&closed=true")
            _ = try await sandbox.send(.delete, "/1/cards/\(card.id)?\(LiveSandbox.auth)")
            let path = "/1/boards/\(sandbox.boardID)/actions"
            let all = try await sandbox.get(path).objects()
            #expect(all.map { $0["type"] as? String } == ["deleteCard", "updateCard", "updateCard", "createCard"])
            let move = try #require(all[2]["data"] as? [String: Any])
            #expect((move["listAfter"] as? [String: Any])?["name"] as? String == "Done")
            #expect((move["listBefore"] as? [String: Any])?["name"] as? String == "To Do")
            let archival = try #require(all[1]["data"] as? [String: Any])
            #expect((archival["old"] as? [String: Any])?["closed"] as? Bool == false)
            let created = try #require((all[3]["data"] as? [String: Any])?["card"] as? [String: Any])
            #expect(created["id"] as? String == card.id && created["desc"] == nil)

            let creations = try await sandbox.get(path, query: "filter=createCard,deleteCard").objects()
            #expect(creations.map { $0["type"] as? String } == ["deleteCard", "createCard"])
            let older = try await sandbox.get(path, query: "limit=2&before=\(all[1]["id"] as! String)").objects()
            #expect(older.map { $0["id"] as? String } == [all[2]["id"] as? String, all[3]["id"] as? String])
            #expect(try await sandbox.get(path, query: "limit=1001").status == .badRequest)
        }
    }

    @Test("a latency per route slows card creation while lookups stay fast")
    func routeLatency() async throws {
        try await LiveSandbox.with { sandbox in
            let existing = try await sandbox.createCard()
            let set = try await sandbox.admin(put: "faults", #"{"routeLatencyMs": {"POST /1/cards": 5000}}"#)
            #expect(set.status == .ok, "\(set.body)")
            let clock = ContinuousClock()
            let start = clock.now
            let createFinished = Atomic(false)
            let creating = Task {
                defer { createFinished.store(true, ordering: .sequentiallyConsistent) }
                return try await sandbox.createCard()
            }
            // Ordering, not speed: a lookup sent after the slow create answers while the create still waits.
            #expect(try await sandbox.get("/1/cards/\(existing.id)").status == .ok)
            let createDoneAtLookup = createFinished.load(ordering: .sequentiallyConsistent)
            #expect(!createDoneAtLookup)
            _ = try await creating.value
            #expect(clock.now - start >= .milliseconds(5000))
            #expect(try await sandbox.admin(put: "faults", #"{"routeLatencyMs": {"GET /1/cards/{id}": -1}}"#).status == .badRequest)
        }
    }
}

extension Reply {
    /// The body as an array of JSON objects.
    func objects() throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(self.body.utf8)) as? [[String: Any]])
    }
}
