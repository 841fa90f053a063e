import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresClient
@testable import TaskBridgeAPI
import TaskBridgeCore
import Testing

/// `/v1/tasks` as a client sees it, on in-memory tasks, tokens and queue: what is accepted, refused, replayed,
/// listed and retried, and with which status.
@Suite(.timeLimit(.minutes(1))) struct TasksControllerTests {
    private static let issue = #"{"type":"issue","title":"Export fails","description":"Times out on big boards"}"#

    @Test(arguments: [
        (#"{"type":"issue","title":"Export fails","description":"Times out"}"#, "issue"),
        (#"{"type":"bug","description":"The login page is blank"}"#, "bug"),
        (#"{"type":"task","title":"Rotate certificates","category":"Maintenance"}"#, "task"),
    ])
    func aValidTaskIsAcceptedStoredAndQueued(body: String, type: String) async throws {
        let api = MemoryAPI()
        let (response, tokenID) = try await api.run { client in (try await client.create(body), client.token.token.id) }
        #expect(response.status == .accepted)
        let task = try Answer.decode(Answer.Task.self, from: response)
        #expect(response.headers[.location] == "/v1/tasks/\(task.id)")
        #expect(task.type == type)
        #expect(task.status == "queued")
        let id = try #require(UUID(uuidString: task.id))
        let stored = try #require(await api.tasks.memory.task(id: id))
        #expect(stored.tokenID == tokenID)
        #expect(stored.title == task.title)
        #expect(await api.queue.enqueued == [id])
    }

    @Test func anInvalidTaskIsAProblemNamingEachFieldAndNothingIsStored() async throws {
        let api = MemoryAPI()
        let response = try await api.run { client in
            try await client.create(#"{"type":"issue","tittle":"x","description":"y"}"#, idempotencyKey: "")
        }
        #expect(response.status == .unprocessableContent)
        let problem = try Answer.decode(Answer.Problem.self, from: response)
        #expect(problem.type == ProblemType.validationFailed.uri)
        #expect(problem.errors == [
            .init(field: "title", code: "required"), .init(field: "tittle", code: "unknown_field"),
            .init(field: "Idempotency-Key", code: "empty"),
        ])
        #expect(await api.tasks.memory.list(TaskListQuery()).tasks.isEmpty)
        #expect(await api.queue.attempts == 0)
    }

    @Test func aReplayWithTheSameKeyAndBodyAnswersTheFirstTaskAgain() async throws {
        let api = MemoryAPI()
        let (first, replay) = try await api.run { client in
            let first = try await client.create(Self.issue, idempotencyKey: "key-1")
            // Another spelling of the same JSON is the same request.
            let replay = try await client.create(
                #"{ "description": "Times out on big boards", "title": "Export fails", "type": "issue" }"#,
                idempotencyKey: "key-1")
            return (first, replay)
        }
        #expect(first.status == .accepted)
        #expect(replay.status == .ok)
        #expect(replay.headers[.idempotentReplayed] == "true")
        let task = try Answer.decode(Answer.Task.self, from: first)
        #expect(try Answer.decode(Answer.Task.self, from: replay) == task)
        #expect(await api.tasks.memory.list(TaskListQuery()).tasks.count == 1)
        #expect(await api.queue.enqueued.count == 1)
    }

    @Test func aKeyUsedWithAnotherBodyIsRefused() async throws {
        let api = MemoryAPI()
        let response = try await api.run { client in
            _ = try await client.create(Self.issue, idempotencyKey: "key-1")
            return try await client.create(#"{"type":"bug","description":"Crash"}"#, idempotencyKey: "key-1")
        }
        #expect(response.status == .unprocessableContent)
        #expect(try Answer.decode(Answer.Problem.self, from: response).type == ProblemType.idempotencyKeyReused.uri)
        #expect(await api.tasks.memory.list(TaskListQuery()).tasks.count == 1)
    }

    @Test func keysBelongToTheirToken() async throws {
        let api = MemoryAPI()
        let other = await api.tokens.create(name: "other")
        let (mine, theirs) = try await api.run { client in
            (
                try await client.create(Self.issue, idempotencyKey: "key-1"),
                try await client.create(Self.issue, idempotencyKey: "key-1", secret: other.secret)
            )
        }
        #expect(mine.status == .accepted)
        #expect(theirs.status == .accepted)
        #expect(try Answer.decode(Answer.Task.self, from: mine).id != Answer.decode(Answer.Task.self, from: theirs).id)
    }

    @Test func listingPagesThroughEveryTaskNewestFirst() async throws {
        let api = MemoryAPI()
        let (created, pages) = try await api.run { client in
            var created: [String] = []
            for index in 1...5 {
                let response = try await client.create(#"{"type":"issue","title":"Task \#(index)","description":"d"}"#)
                created.append(try Answer.decode(Answer.Task.self, from: response).id)
            }
            var pages: [Answer.Page] = []
            var uri = "/v1/tasks?limit=2"
            while true {
                let response = try await client.send(.get, uri)
                #expect(response.status == .ok)
                let page = try Answer.decode(Answer.Page.self, from: response)
                pages.append(page)
                guard let cursor = page.nextCursor, pages.count < 5 else { break }
                uri = "/v1/tasks?limit=2&cursor=\(cursor)"
            }
            return (created, pages)
        }
        #expect(pages.map(\.items.count) == [2, 2, 1])
        #expect(pages.flatMap(\.items).map(\.id) == created.reversed())
        #expect(pages.last?.nextCursor == nil)
    }

    @Test func listingFiltersByStatusAndType() async throws {
        let api = MemoryAPI()
        let (failedID, failed, bugs) = try await api.run { client in
            let issue = try Answer.decode(Answer.Task.self, from: try await client.create(Self.issue))
            _ = try await client.create(#"{"type":"bug","description":"Crash"}"#)
            await api.tasks.memory.fail(id: try #require(UUID(uuidString: issue.id)), lastError: "board is gone")
            let failed = try Answer.decode(Answer.Page.self, from: try await client.send(.get, "/v1/tasks?status=failed"))
            let bugs = try Answer.decode(Answer.Page.self, from: try await client.send(.get, "/v1/tasks?type=bug"))
            return (issue.id, failed, bugs)
        }
        #expect(failed.items.map(\.id) == [failedID])
        #expect(bugs.items.map(\.type) == ["bug"])
    }

    @Test func aTaskIsShownByItsIDAndAnUnknownIDIsNotFound() async throws {
        let api = MemoryAPI()
        let (created, shown, unknown) = try await api.run { client in
            let created = try await client.create(Self.issue)
            let id = try Answer.decode(Answer.Task.self, from: created).id
            return (created, try await client.send(.get, "/v1/tasks/\(id)"), try await client.send(.get, "/v1/tasks/\(UUID())"))
        }
        #expect(shown.status == .ok)
        #expect(try Answer.decode(Answer.Task.self, from: shown) == Answer.decode(Answer.Task.self, from: created))
        #expect(unknown.status == .notFound)
        // Only the task's own page lists its deliveries: here its one, to the environment's board, with its id.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.body.readableBytesView)) as? [String: Any])
        let deliveries = try #require(object["deliveries"] as? [[String: Any]])
        #expect(deliveries.count == 1)
        #expect(deliveries.first?["id"] as? String == object["id"] as? String)
        #expect(deliveries.first?["status"] as? String == "queued")
        let destination = deliveries.first?["destination"] as? [String: Any]
        #expect(destination?["route"] as? String == "default")
        #expect(destination?["board_id"] is NSNull)
        let createdObject = try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any]
        #expect(createdObject?["deliveries"] == nil)
    }

    @Test func aFailedTaskIsRetriedAndQueuedAgainOnlyOnce() async throws {
        let api = MemoryAPI()
        let (id, retried, again, unknown) = try await api.run { client in
            let task = try Answer.decode(Answer.Task.self, from: try await client.create(Self.issue))
            let id = try #require(UUID(uuidString: task.id))
            await api.tasks.memory.fail(id: id, lastError: "board is gone")
            let retried = try await client.send(.post, "/v1/tasks/\(task.id)/retry")
            let again = try await client.send(.post, "/v1/tasks/\(task.id)/retry")
            return (id, retried, again, try await client.send(.post, "/v1/tasks/\(UUID())/retry"))
        }
        #expect(retried.status == .accepted)
        #expect(try Answer.decode(Answer.Task.self, from: retried).status == "queued")
        #expect(await api.queue.enqueued == [id, id])
        // Queued now, so not retryable.
        #expect(again.status == .conflict)
        #expect(try Answer.decode(Answer.Problem.self, from: again).type == ProblemType.taskNotRetryable.uri)
        #expect(unknown.status == .notFound)
    }

    @Test func whileRedisIsDownTasksAreAcceptedAndLeftForTheRelay() async throws {
        struct RedisDown: Error {}
        let api = MemoryAPI()
        await api.queue.fail(with: RedisDown())
        let response = try await api.run { client in try await client.create(Self.issue) }
        #expect(response.status == .accepted)
        let id = try #require(UUID(uuidString: try Answer.decode(Answer.Task.self, from: response).id))
        let stored = try #require(await api.tasks.memory.task(id: id))
        #expect(stored.enqueuedAt == nil)
    }

    @Test func dataPostgreSQLRefusesIsAProblemOfThatRequestOnly() async throws {
        let tooLong = PostgresError(kind: .server, code: .stringDataRightTruncation, message: "value too long")
        let api = MemoryAPI(tasks: WatchedTaskRepository { $0.task.title == "Too long" ? tooLong : nil })
        let (refused, accepted) = try await api.run { client in
            (
                try await client.create(#"{"type":"issue","title":"Too long","description":"d"}"#),
                try await client.create(Self.issue)
            )
        }
        #expect(refused.status == .unprocessableContent)
        #expect(try Answer.decode(Answer.Problem.self, from: refused).type == ProblemType.taskNotStorable.uri)
        #expect(accepted.status == .accepted)
    }

    @Test func withoutALiveTokenTheTasksAreOutOfReach() async throws {
        let api = MemoryAPI()
        let revoked = await api.tokens.create(name: "gone")
        await api.tokens.revoke(id: revoked.token.id)
        let statuses = try await api.run { client in
            [
                try await client.send(.get, "/v1/tasks", secret: .some(nil)).status,
                try await client.send(.get, "/v1/tasks", secret: revoked.secret).status,
                try await client.send(.get, "/v1/tasks", secret: TokenStore.newSecret()).status,
                try await client.create(Self.issue, secret: revoked.secret).status,
            ]
        }
        #expect(statuses == Array(repeating: .unauthorized, count: 4))
        #expect(await api.tasks.memory.list(TaskListQuery()).tasks.isEmpty)
    }

    @Test func eachTaskRouteNeedsItsScopeAndSaysWhichWithA403() async throws {
        let api = MemoryAPI()
        let reader = await api.tokens.create(name: "reader", scopes: [.tasksRead])
        let writer = await api.tokens.create(name: "writer", scopes: [.tasksWrite])
        let admin = await api.tokens.create(name: "admin", scopes: [.admin])
        let (refused, allowed) = try await api.run { client in
            (
                [
                    try await client.create(Self.issue, secret: reader.secret),
                    try await client.send(.get, "/v1/tasks", secret: writer.secret),
                    try await client.send(.get, "/v1/tasks", secret: admin.secret),
                    try await client.create(Self.issue, secret: admin.secret),
                ],
                [
                    try await client.send(.get, "/v1/tasks", secret: reader.secret).status,
                    try await client.create(Self.issue, secret: writer.secret).status,
                ]
            )
        }
        #expect(refused.map(\.status) == Array(repeating: .forbidden, count: 4))
        let problems = try refused.map { try Answer.decode(Answer.Problem.self, from: $0) }
        #expect(problems.map(\.type) == Array(repeating: ProblemType.forbidden.uri, count: 4))
        #expect(refused.allSatisfy { $0.headers[.contentType] == "application/problem+json" })
        #expect(allowed == [.ok, .accepted])
        #expect(await api.tasks.memory.list(TaskListQuery()).tasks.count == 1)
    }
}
