import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeCore
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct TaskReadingTests {
    @Test func aTaskCanBeReadBack() async throws {
        try await APIFixture.with { fixture in
            let (created, read) = try await fixture.withAPI { api in
                let created = try await api.post(#"{"type":"issue","title":"Read me","description":"body"}"#)
                let id = created.json["id"] as? String ?? ""
                return (created, try await api.send(.get, "/v1/tasks/\(id)"))
            }
            #expect(read.status == .ok)
            let json = read.json
            #expect(json["id"] as? String == created.json["id"] as? String)
            #expect(json["title"] as? String == "Read me")
            #expect(json["description"] as? String == "body")
            #expect(json["status"] as? String == "queued")
            #expect(json["attempts"] as? Int == 0)
            #expect(json["next_attempt_at"] is String)
            #expect(json["last_error"] is NSNull)
            #expect(json["card"] is NSNull)
        }
    }

    @Test(arguments: [false, true])
    func aDoneTaskShowsItsCardAndWhatTheReconcilerSawOfIt(_ seen: Bool) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                let created = try await api.post(#"{"type":"bug","description":"x"}"#)
                let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
                _ = try await fixture.postgres.query("""
                    UPDATE deliveries SET status = 'done', card_id = 'c123', card_url = 'https://trello.com/c/abc',
                        card_closed = \(seen), card_deleted = \(seen), done_at = now(), attempts = 1 WHERE id = \(id)
                    """)
                return try await api.send(.get, "/v1/tasks/\(id)")
            }
            let card = try #require(response.json["card"] as? [String: Any])
            #expect(card["id"] as? String == "c123")
            #expect(card["url"] as? String == "https://trello.com/c/abc")
            #expect(card["closed"] as? Bool == seen)
            #expect(card["deleted"] as? Bool == seen)
            #expect(response.json["done_at"] is String)
            #expect(response.json["next_attempt_at"] is NSNull)
        }
    }

    @Test(arguments: ["/v1/tasks/\(UUID().uuidString)", "/v1/tasks/not-a-uuid"])
    func anUnknownOrMalformedIdIs404(uri: String) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.get, uri) }
            #expect(response.status == .notFound)
            #expect(response.json["type"] as? String == "/docs#problem-not-found")
        }
    }

    @Test func listingPagesNewestFirstWithACursor() async throws {
        try await OwnDatabase.with { databaseURL in
            try await APIFixture.with(databaseURL: databaseURL) { fixture in
                let (created, pages, issues, bugs) = try await fixture.withAPI { api in
                    var created: [String] = []
                    for index in 0..<7 {
                        let body = index % 2 == 0
                            ? #"{"type":"issue","title":"Issue \#(index)","description":"d"}"#
                            : #"{"type":"bug","description":"Bug \#(index)"}"#
                        created.append(try await api.post(body).json["id"] as? String ?? "")
                    }
                    var pages: [[String]] = []
                    var uri = "/v1/tasks?limit=3"
                    while true {
                        let page = try await api.send(.get, uri)
                        #expect(page.status == .ok)
                        let items = page.json["items"] as? [[String: Any]] ?? []
                        pages.append(items.compactMap { $0["id"] as? String })
                        guard let cursor = page.json["next_cursor"] as? String else { break }
                        #expect((page.json["links"] as? [String: Any])?["next"] as? String == "/v1/tasks?limit=3&cursor=\(cursor)")
                        uri = "/v1/tasks?limit=3&cursor=\(cursor)"
                    }
                    let issues = try await api.send(.get, "/v1/tasks?type=issue&limit=200").json["items"] as? [[String: Any]] ?? []
                    let bugs = try await api.send(.get, "/v1/tasks?type=bug&status=queued").json["items"] as? [[String: Any]] ?? []
                    return (created, pages, issues.compactMap { $0["id"] as? String }, bugs.compactMap { $0["id"] as? String })
                }
                #expect(pages.map(\.count) == [3, 3, 1])
                #expect(pages.flatMap { $0 } == Array(created.reversed()))
                #expect(issues == [created[6], created[4], created[2], created[0]])
                #expect(bugs == [created[5], created[3], created[1]])
            }
        }
    }

    @Test func badListParametersAre422WithEveryProblem() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.send(.get, "/v1/tasks?status=lost&type=epic&limit=500&stauts=done")
            }
            #expect(response.status == .unprocessableContent)
            #expect(Set(response.fieldErrors.compactMap(\.field)) == ["status", "type", "limit", "stauts"])
        }
    }

    /// A cursor as `TaskCursor.encoded` spells one, from any text.
    private static func cursor(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    private static let id = "0192f0c4-7b1e-7000-8000-000000000001"

    @Test(arguments: [
        "garbage!", "%FF", String(repeating: "A", count: 129),
        // Well-formed but out of range: PostgreSQL's interval arithmetic overflowed on these (a 500 before).
        cursor("v1.9223372036854775807.\(id)"), cursor("v1.-9223372036854775808.\(id)"),
        cursor("v1.253402300800000000.\(id)"), cursor("v1.946684799999999.\(id)"),
        // Altered: not how the API spells a cursor.
        cursor("v1.+1700000000000000.\(id)"), cursor("v1.1700000000000000.\(id.uppercased())"),
        cursor("v2.1700000000000000.\(id)"), cursor("v1.1700000000000000.\(id).x"), cursor("v1.1700000000000000.not-a-uuid"),
        cursor("v1.1700000000000000.\(id)") + "A",
    ])
    func aCursorTheAPIDidNotHandOutIs400(cursor: String) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.get, "/v1/tasks?cursor=\(cursor)") }
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.json["type"] as? String == "/docs#problem-invalid-cursor")
            #expect(response.fieldErrors.compactMap(\.field) == ["cursor"])
        }
    }

    @Test func anInRangeCursorAndAnEmptyOneAreServed() async throws {
        try await APIFixture.with { fixture in
            let (inRange, empty) = try await fixture.withAPI { api in
                _ = try await api.post(#"{"type":"bug","description":"listed on the first page"}"#)
                return (try await api.send(.get, "/v1/tasks?limit=1&cursor=\(Self.cursor("v1.946684800000000.\(Self.id)"))"),
                 try await api.send(.get, "/v1/tasks?limit=1&cursor="))
            }
            #expect(inRange.status == .ok)
            #expect((inRange.json["items"] as? [Any])?.isEmpty == true)
            #expect(empty.status == .ok)
            #expect((empty.json["items"] as? [Any])?.count == 1)
        }
    }
}
