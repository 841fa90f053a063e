import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct TaskRetryTests {
    @Test func aFailedTaskGoesBackToQueued() async throws {
        try await APIFixture.with { fixture in
            let (id, retried, again) = try await fixture.withAPI { api in
                let created = try await api.post(#"{"type":"bug","description":"x"}"#)
                let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
                _ = try await fixture.postgres.query("""
                    UPDATE deliveries SET status = 'failed', attempts = 5, last_error = 'Trello said 400' WHERE id = \(id)
                    """)
                let failed = try await api.send(.get, "/v1/tasks/\(id.uuidString)")
                #expect((failed.json["links"] as? [String: Any])?["retry"] as? String == "/v1/tasks/\(id.uuidString.lowercased())/retry")
                let retried = try await api.send(.post, "/v1/tasks/\(id.uuidString)/retry")
                let again = try await api.send(.post, "/v1/tasks/\(id.uuidString)/retry")
                return (id, retried, again)
            }
            #expect(retried.status == .accepted)
            #expect(retried.json["status"] as? String == "queued")
            #expect(retried.json["attempts"] as? Int == 0)
            #expect(again.status == .conflict)
            #expect(again.json["type"] as? String == "/docs#problem-task-not-retryable")

            let stored = try #require(try await fixture.storedTask(id.uuidString))
            #expect(stored.status == .queued)
            let events = try await fixture.postgres.query(
                "SELECT from_status, to_status FROM task_events WHERE task_id = \(id) ORDER BY id")
            #expect(try events.map { try $0.decode((String?, String).self) }.last.map { "\($0.0 ?? "")→\($0.1)" } == "failed→queued")
            // Once when accepted, once when retried.
            #expect(try await fixture.streamTaskIDs() == [id.uuidString.lowercased(), id.uuidString.lowercased()])
        }
    }

    @Test func retryingAnUnknownTaskIs404() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.post, "/v1/tasks/\(UUID().uuidString)/retry") }
            #expect(response.status == .notFound)
        }
    }
}
