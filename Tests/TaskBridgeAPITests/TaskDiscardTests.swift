import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeCore
import Testing

/// `POST /v1/tasks/{id}/discard` gives up on a failed task for good, and no worker claims it again.
@Suite(.timeLimit(.minutes(3))) struct TaskDiscardTests {
    @Test func aFailedTaskIsDiscardedOnceAndNeverClaimed() async throws {
        try await APIFixture.with { fixture in
            let (id, discarded, again, queued) = try await fixture.withAPI { api in
                let created = try await api.post(#"{"type":"bug","description":"x"}"#)
                let other = try await api.post(#"{"type":"bug","description":"y"}"#)
                let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
                _ = try await fixture.postgres.query(
                    "UPDATE deliveries SET status = 'failed', last_error = 'Trello said 400' WHERE id = \(id)")
                let discarded = try await api.send(.post, "/v1/tasks/\(id.uuidString)/discard")
                let again = try await api.send(.post, "/v1/tasks/\(id.uuidString)/discard")
                let queued = try await api.send(.post, "/v1/tasks/\(other.json["id"] as? String ?? "")/discard")
                return (id, discarded, again, queued)
            }
            #expect(discarded.status == .ok)
            #expect(discarded.json["status"] as? String == "discarded")
            #expect(again.status == .conflict)
            #expect(again.json["type"] as? String == "/docs#problem-task-not-discardable")
            #expect(queued.status == .conflict)

            // Even with its lease gone and its due time passed, the claim leaves it alone.
            let store = TaskStore(pool: fixture.postgres)
            _ = try await fixture.postgres.query("UPDATE deliveries SET next_attempt_at = now() - interval '1 hour' WHERE id = \(id)")
            let claimed = try await store.claim(
                [id], owner: "test", lease: .seconds(10), settle: SettleWindow(settle: .seconds(30), requestTimeout: .seconds(10)))
            #expect(claimed.isEmpty)
            #expect(try await fixture.storedTask(id.uuidString)?.status == .discarded)
            let events = try await store.history(of: id)
            #expect(events.last.map { "\($0.from?.rawValue ?? "")→\($0.to.rawValue)" } == "failed→discarded")
        }
    }

    @Test func discardingAnUnknownTaskIs404() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.post, "/v1/tasks/\(UUID().uuidString)/discard") }
            #expect(response.status == .notFound)
        }
    }
}
