import Foundation
import Hummingbird
import Testing
import TrelloSandbox

/// `POST /_sandbox/cards` for large boards, and `GET /_sandbox/requests` to see when each request came.
@Suite("Seeding and the request log", .timeLimit(.minutes(3)))
struct SeedingTests {
    @Test("seeds many cards in creation order, which card listings page through")
    func seedsCardsInCreationOrder() async throws {
        try await LiveSandbox.with { sandbox in
            let made = try await sandbox.createCard(["name": "before"])
            let reply = try await sandbox.sendAlone(
                .post, "/_sandbox/cards", headers: [.contentType: "application/json"],
                body: #"{"count": 2500, "name": "Seeded", "desc": "no footer"}"#)
            #expect(reply.status == .ok, "\(reply.body)")
            let seeded = try reply.object()
            #expect(seeded["count"] as? Int == 2500)
            let first = try #require(seeded["first"] as? String)
            let last = try #require(seeded["last"] as? String)
            #expect(made.id < first && first < last)

            let cards = try await sandbox.cards()
            #expect(cards.count == 2501)
            #expect(cards.map(\.id) == cards.map(\.id).sorted())
            #expect(cards.last?.name == "Seeded 2500" && cards.last?.desc == "no footer")

            // Newest first, a page at a time, as the reconciler reads them.
            let page = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards/all", query: "limit=1000&before=\(last)&fields=id")
            let ids = try page.decoded(as: [[String: String]].self).compactMap { $0["id"] }
            #expect(ids.count == 1000)
            #expect(ids.first == cards[cards.count - 2].id)
        }
    }

    @Test("seeds cards dated back, which a listing since a later date leaves out, but never before a newer card")
    func seedsOldCards() async throws {
        try await LiveSandbox.with { sandbox in
            let reply = try await sandbox.sendAlone(
                .post, "/_sandbox/cards", headers: [.contentType: "application/json"], body: #"{"count": 3, "ageSeconds": 7200}"#)
            #expect(reply.status == .ok, "\(reply.body)")
            let last = try #require(try reply.object()["last"] as? String)
            let made = Date(timeIntervalSince1970: TimeInterval(try #require(UInt32(last.prefix(8), radix: 16))))
            #expect(abs(made.timeIntervalSinceNow + 7200) < 60, "\(made)")
            let fresh = try await sandbox.createCard(["name": "fresh"])
            let hourAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            let recent = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards/all", query: "since=\(hourAgo)&fields=id")
            #expect(try recent.decoded(as: [[String: String]].self).compactMap { $0["id"] } == [fresh.id])

            let older = try await sandbox.sendAlone(
                .post, "/_sandbox/cards", headers: [.contentType: "application/json"], body: #"{"count": 1, "ageSeconds": 60}"#)
            #expect(older.status == .badRequest, "\(older.body)")
            #expect(try await sandbox.cards().count == 4)
        }
    }

    @Test("refuses a seed it cannot make")
    func refusesBadSeeds() async throws {
        try await LiveSandbox.with { sandbox in
            for body in [#"{"count": 0}"#, #"{"count": 100001}"#, #"{"count": 5, "list": "Nowhere"}"#, #"{"cnt": 5}"#] {
                let reply = try await sandbox.sendAlone(
                    .post, "/_sandbox/cards", headers: [.contentType: "application/json"], body: body)
                #expect(reply.status == .badRequest, "\(body): \(reply.status) \(reply.body)")
            }
            #expect(try await sandbox.cards().isEmpty)
        }
    }

    @Test("logs each /1 request with its arrival, route, target without credentials, and outcome")
    func logsRequests() async throws {
        try await LiveSandbox.with { sandbox in
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            _ = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards/open", query: "limit=5")
            _ = try await sandbox.send(.get, "/1/boards/\(sandbox.boardID)/lists")
            let log = try await sandbox.sendAlone(.get, "/_sandbox/requests").decoded(as: [LoggedRequest].self)
            #expect(log.map(\.route) == ["GET /1/boards/{id}/cards/{filter}", "GET /1/boards/{id}/lists"])
            #expect(log.map(\.outcome) == ["200", "401"])
            #expect(log[0].target == "/1/boards/\(sandbox.boardID)/cards/open?limit=5")
            #expect(log.allSatisfy { $0.at >= before - 1000 && !$0.target.contains("token") })
            _ = try await sandbox.sendAlone(.post, "/_sandbox/reset")
            #expect(try await sandbox.sendAlone(.get, "/_sandbox/requests").decoded(as: [LoggedRequest].self).isEmpty)
        }
    }
}
