import Foundation
import HTTPTypes
import HummingbirdTesting
import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct IdempotencyTests {
    private static let body = #"{"type":"task","title":"Renew the domain","category":"Maintenance"}"#

    @Test func theSameKeyAndBodyReturnTheSameTask() async throws {
        try await APIFixture.with { fixture in
            let key = UUID().uuidString
            let (first, replay, reordered) = try await fixture.withAPI { api in
                let first = try await api.post(Self.body, headers: [.idempotencyKey: key])
                let replay = try await api.post(Self.body, headers: [.idempotencyKey: key])
                // The same JSON with other spacing and key order is the same request.
                let reordered = try await api.post(
                    #"{ "category": "Maintenance", "title": "Renew the domain", "type": "task" }"#,
                    headers: [.idempotencyKey: "\"\(key)\""])
                return (first, replay, reordered)
            }
            #expect(first.status == .accepted)
            #expect(replay.status == .ok)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(reordered.status == .ok)
            let id = try #require(first.json["id"] as? String)
            #expect(replay.json["id"] as? String == id)
            #expect(reordered.json["id"] as? String == id)
            #expect(replay.headers[.location] == "/v1/tasks/\(id)")
            #expect(try await fixture.streamTaskIDs() == [id])
        }
    }

    @Test func theSameKeyWithAnotherBodyIs422() async throws {
        try await APIFixture.with { fixture in
            let key = UUID().uuidString
            let (first, other) = try await fixture.withAPI { api in
                (try await api.post(Self.body, headers: [.idempotencyKey: key]),
                 try await api.post(#"{"type":"bug","description":"other"}"#, headers: [.idempotencyKey: key]))
            }
            #expect(first.status == .accepted)
            #expect(other.status == .unprocessableContent)
            #expect(other.json["type"] as? String == "/docs#problem-idempotency-key-reused")
            #expect(try await fixture.streamTaskIDs().count == 1)
        }
    }

    @Test func keysBelongToTheirToken() async throws {
        try await APIFixture.with { fixture in
            let other = try await TokenStore(pool: fixture.postgres).create(name: "other")
            let key = UUID().uuidString
            let (mine, theirs) = try await fixture.withAPI { api in
                (try await api.post(Self.body, headers: [.idempotencyKey: key]),
                 try await api.send(.post, "/v1/tasks", json: Self.body, token: other.secret, headers: [.idempotencyKey: key]))
            }
            #expect(mine.status == .accepted)
            #expect(theirs.status == .accepted)
            #expect(mine.json["id"] as? String != theirs.json["id"] as? String)
        }
    }

    @Test func concurrentRequestsWithOneKeyMakeOneTask() async throws {
        try await APIFixture.with { fixture in
            let key = UUID().uuidString
            let responses = try await fixture.withAPI { api in
                try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            let response = try await api.post(Self.body, headers: [.idempotencyKey: key])
                            return (Int(response.status.code), response.json["id"] as? String)
                        }
                    }
                    var responses: [(Int, String?)] = []
                    for try await response in group { responses.append(response) }
                    return responses
                }
            }
            #expect(responses.filter { $0.0 == 202 }.count == 1)
            #expect(responses.filter { $0.0 == 200 }.count == 19)
            #expect(Set(responses.map(\.1)).count == 1)
            #expect(try await fixture.streamTaskIDs().count == 1)
        }
    }

    @Test(arguments: [
        String(repeating: "k", count: 256), "", "has space", "tab\there", "caf\u{E9}",
        // One letter and 15,000 combining marks: one character, 30,001 bytes, and an index row PostgreSQL refuses.
        "a" + String(repeating: "\u{301}", count: 15_000),
    ])
    func badKeysAre422AlongsideBodyProblems(key: String) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.post(#"{"type":"bug"}"#, headers: [.idempotencyKey: key])
            }
            #expect(response.status == .unprocessableContent)
            let fields = response.fieldErrors.compactMap(\.field)
            #expect(fields.contains("Idempotency-Key"))
            #expect(fields.contains("description"))
        }
    }

    @Test func aBadKeyFailsOnlyItsOwnRequest() async throws {
        try await APIFixture.with { fixture in
            let key = "a" + String(repeating: "\u{301}", count: 15_000)
            let statuses = try await fixture.withAPI { api in
                try await withThrowingTaskGroup(of: (Bool, Int).self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            let headers: HTTPFields = index == 50 ? [.idempotencyKey: key] : [.idempotencyKey: UUID().uuidString]
                            return (index == 50, Int(try await api.post(Self.body, headers: headers).status.code))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(statuses.filter { $0.0 }.map(\.1) == [422])
            #expect(statuses.filter { !$0.0 }.allSatisfy { $0.1 == 202 })
            #expect(try await fixture.streamTaskIDs().count == 99)
        }
    }

    @Test func aKeyOf255CharactersIsAccepted() async throws {
        try await APIFixture.with { fixture in
            // Every visible ASCII character is allowed, quotes and backslashes included.
            let visible = String((0x21...0x7E).map { Character(UnicodeScalar(UInt8($0))) })
            let key = UUID().uuidString + visible + String(repeating: "k", count: 255 - 36 - visible.count)
            let response = try await fixture.withAPI { api in try await api.post(Self.body, headers: [.idempotencyKey: key]) }
            #expect(response.status == .accepted)
        }
    }
}
