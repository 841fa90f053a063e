import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaskBridgeCore
import Testing

@testable import TaskBridgeAPI

@Suite(.timeLimit(.minutes(3))) struct TaskResponseEncodingTests {
    static let odd = "quote \" backslash \\ slash / controls \u{0}\u{1}\u{8}\t\n\u{B}\u{C}\r\u{1F}\u{7F} é中😀 \u{2028}"

    static let records: [TaskRecord] = {
        let created = Date(timeIntervalSince1970: 1_790_000_000.123)
        let base = TaskRecord(
            id: UUID(uuidString: "0192F3A4-5B6C-7D8E-9FA0-B1C2D3E4F506")!, type: "issue", title: "Title",
            nextAttemptAt: created.addingTimeInterval(0.5), createdAt: created, updatedAt: created)
        var full = base
        full.description = odd
        full.category = "backend"
        full.title = odd
        full.status = .done
        full.attempts = 12
        full.lastError = odd
        full.cardID = "card/1"
        full.cardURL = "https://trello.com/c/abc/1-title?x=\"y\""
        full.doneAt = created.addingTimeInterval(86_400.999)
        var failed = base
        failed.status = .failed
        failed.lastError = "HTTP 400 from Trello"
        var reconciled = full
        reconciled.cardClosed = true
        reconciled.cardDeleted = true
        var cardWithoutURL = base
        cardWithoutURL.status = .done
        cardWithoutURL.cardID = "abc"
        var retrying = base
        retrying.status = .retrying
        retrying.attempts = Int.max
        var empty = base
        empty.title = ""
        empty.description = ""
        return [base, full, reconciled, failed, cardWithoutURL, retrying, empty]
    }()

    @Test(arguments: records) func writesTheBytesJSONEncoderWrote(_ record: TaskRecord) throws {
        let response = TaskResponse(record)
        let written = Array(buffer: response.json)
        #expect(written == Array(buffer: try JSONBody.encode(response)))
        let decoded = try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: Data(Array(buffer: JSONBody.encode(response))))
            as? NSDictionary
        #expect(decoded != nil)
        #expect(decoded == expected)
    }

    @Test func answersWithTheWrittenBytes() async throws {
        let response = TaskResponse(Self.records[1])
        let router = Router(context: APIRequestContext.self)
        router.get("task") { _, _ in
            EditedResponse(status: .accepted, headers: [.location: "/v1/tasks/x"], response: response)
        }
        router.get("page") { _, _ in
            TaskPageResponse(TaskPage(tasks: Self.records, next: nil), query: TaskListQuery())
        }
        try await Application(router: router).test(.router) { client in
            let answer = try await client.execute(uri: "/task", method: .get)
            #expect(answer.status == .accepted)
            #expect(answer.headers[.contentType] == "application/json")
            #expect(answer.headers[.location] == "/v1/tasks/x")
            #expect(Array(buffer: answer.body) == Array(buffer: response.json))
            // A page's tasks go through the context's encoder, which writes what `json` writes for each.
            let page = try await client.execute(uri: "/page", method: .get)
            #expect(page.headers[.contentType] == "application/json")
            let items = Self.records.map { String(buffer: TaskResponse($0).json) }.joined(separator: ",")
            #expect(String(buffer: page.body).hasPrefix(#"{"items":[\#(items)]"#))
        }
    }
}
