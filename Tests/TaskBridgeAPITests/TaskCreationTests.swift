import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct TaskCreationTests {
    @Test(arguments: [
        (#"{"type":"issue","title":"Export fails","description":"Times out on big boards"}"#, "issue"),
        (#"{"type":"bug","description":"The login page is blank"}"#, "bug"),
        (#"{"type":"task","title":"Rotate certificates","category":"Maintenance"}"#, "task"),
    ])
    func eachKindIsStoredAndEnqueued(body: String, type: String) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.post(body) }
            #expect(response.status == .accepted)
            let json = response.json
            let id = try #require(json["id"] as? String)
            #expect(response.headers[.location] == "/v1/tasks/\(id)")
            #expect(json["type"] as? String == type)
            #expect(json["status"] as? String == "queued")
            #expect(json["created_at"] is String)
            #expect((json["links"] as? [String: Any])?["self"] as? String == "/v1/tasks/\(id)")

            let stored = try #require(try await fixture.storedTask(id))
            #expect(stored.type == type)
            #expect(stored.status == .queued)
            #expect(stored.title == json["title"] as? String)
            #expect(stored.tokenID == fixture.token.token.id)
            #expect(stored.enqueuedAt != nil)
            #expect(try await fixture.streamTaskIDs() == [id])

            let events = try await fixture.postgres.query(
                "SELECT from_status, to_status, detail FROM task_events WHERE task_id = \(stored.id)")
            #expect(events.count == 1)
            let (from, to, detail) = try events[0].decode((String?, String, String?).self)
            #expect(from == nil && to == "queued" && detail == "accepted")
        }
    }

    @Test func aBugGetsAGeneratedTitle() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.post(#"{"type":"bug","description":"Crash on save"}"#)
            }
            let title = try #require(response.json["title"] as? String)
            #expect(title.wholeMatch(of: /bug-[a-z]+-[0-9]+/) != nil)
            #expect(response.json["description"] as? String == "Crash on save")
        }
    }

    @Test(arguments: [
        (#"{"title":"x","description":"y"}"#, ["type:required"]),
        (#"{"type":"epic","title":"x"}"#, ["type:not_allowed_value"]),
        (#"{"type":"issue","description":"y"}"#, ["title:required"]),
        (#"{"type":"issue","tittle":"x","description":"y"}"#, ["title:required", "tittle:unknown_field"]),
        (#"{"type":"issue","title":"","description":"y"}"#, ["title:empty"]),
        (#"{"type":"issue","title":"  \n\t ","description":"y"}"#, ["title:empty"]),
        (#"{"type":"issue","title":42,"description":"y"}"#, ["title:wrong_type"]),
        (#"{"type":"task","title":"x","category":"Chores"}"#, ["category:not_allowed_value"]),
        (#"{"type":"task","title":"x","category":"maintenance"}"#, ["category:not_allowed_value"]),
        (#"{"type":"task","title":"x"}"#, ["category:required"]),
        (#"{"type":"bug","title":"x","description":"y"}"#, ["title:not_allowed"]),
        (#"{"type":"bug"}"#, ["description:required"]),
        (#"["issue"]"#, ["-:not_an_object"]),
        (#"{"type":"issue","title":"","description":"","category":"Test","extra":1}"#,
         ["title:empty", "description:empty", "category:unknown_field", "extra:unknown_field"]),
    ])
    func invalidTasksAreRefusedWithEveryProblem(body: String, expected: [String]) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.post(body) }
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.json["type"] as? String == "/docs#problem-validation-failed")
            #expect(response.json["status"] as? Int == 422)
            let problems = response.fieldErrors.map { "\($0.field ?? "-"):\($0.code)" }
            #expect(Set(problems) == Set(expected))
            #expect(try await fixture.streamTaskIDs().isEmpty)
        }
    }

    @Test func lengthLimitsAreTrellosAndCountCharacters() async throws {
        try await APIFixture.with { fixture in
            let (tooLong, atLimit) = try await fixture.withAPI { api in
                let tooLong = try await api.post(
                    #"{"type":"issue","title":"\#(String(repeating: "t", count: 513))","description":"\#(String(repeating: "d", count: 16385))"}"#)
                // 512 characters that are 4 bytes each in UTF-8: the limit is in characters, not bytes.
                let atLimit = try await api.post(
                    #"{"type":"issue","title":"\#(String(repeating: "😀", count: 512))","description":"\#(String(repeating: "d", count: 16384))"}"#)
                return (tooLong, atLimit)
            }
            #expect(tooLong.status == .unprocessableContent)
            #expect(Set(tooLong.fieldErrors.map { "\($0.field ?? "-"):\($0.code)" }) == ["title:too_long", "description:too_long"])
            #expect(atLimit.status == .accepted)
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.post(#"{"type":"issue","#) }
            #expect(response.status == .badRequest)
            #expect(response.json["type"] as? String == "/docs#problem-malformed-json")
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func aBodyOver64KiBIs413() async throws {
        try await APIFixture.with { fixture in
            let body = #"{"type":"issue","title":"x","description":"\#(String(repeating: "d", count: 70_000))"}"#
            let response = try await fixture.withAPI { api in try await api.post(body) }
            #expect(response.status == .contentTooLarge)
            #expect(response.json["type"] as? String == "/docs#problem-body-too-large")
        }
    }

    @Test(arguments: [
        ("text/plain", HTTPResponse.Status.unsupportedMediaType),
        ("application/x-www-form-urlencoded", .unsupportedMediaType),
        ("application/json; charset=iso-8859-1", .unsupportedMediaType),
        ("application/json; charset=utf-8", .accepted),
        ("Application/JSON", .accepted),
        ("application/vnd.taskbridge+json", .accepted),
    ])
    func onlyJSONIsAccepted(contentType: String, status: HTTPResponse.Status) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.post(
                    #"{"type":"bug","description":"x"}"#, headers: [.contentType: contentType])
            }
            #expect(response.status == status)
            if status == .unsupportedMediaType {
                #expect(response.json["type"] as? String == "/docs#problem-unsupported-media-type")
            }
        }
    }

    @Test func aMissingContentTypeIs415() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in
                try await api.client.execute(
                    uri: "/v1/tasks", method: .post, headers: [.authorization: "Bearer \(api.token)"],
                    body: ByteBuffer(string: #"{"type":"bug","description":"x"}"#))
            }
            #expect(response.status == .unsupportedMediaType)
        }
    }

    @Test func twoHundredConcurrentPostsMakeTwoHundredTasksAndEntries() async throws {
        try await APIFixture.with { fixture in
            let ids = try await fixture.withAPI { api in
                try await withThrowingTaskGroup(of: String?.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let response = try await api.post(
                                #"{"type":"issue","title":"Concurrent \#(index)","description":"d"}"#)
                            return response.status == .accepted ? response.json["id"] as? String : nil
                        }
                    }
                    var ids: [String] = []
                    for try await id in group { ids.append(id ?? "failed") }
                    return ids
                }
            }
            #expect(!ids.contains("failed"))
            #expect(Set(ids).count == 200)
            let uuids = ids.compactMap { UUID(uuidString: $0) }
            let rows = try await fixture.postgres.query("SELECT count(*) FROM tasks WHERE id = ANY(\(uuids)::uuid[])")
            #expect(try rows[0].decode(Int.self, at: 0) == 200)
            let entries = try await fixture.streamTaskIDs()
            #expect(entries.count == 200)
            #expect(Set(entries) == Set(ids))
        }
    }
}
