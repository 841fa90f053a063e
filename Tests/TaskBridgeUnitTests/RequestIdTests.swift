import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
@testable import TaskBridgeAPI
@testable import TaskBridgeRuntime
import Testing

/// `X-Request-Id` on every answer, the client's own when sane; and `LOG_FORMAT=json`'s one object a line.
@Suite(.timeLimit(.minutes(1))) struct RequestIdTests {
    @Test func everyAnswerCarriesTheClientsSaneIdOrANewOne() async throws {
        let sane = "req-42_a.B"
        let (own, generated, unfit) = try await MemoryAPI().run { client in
            (
                try await client.client.execute(uri: "/v1/tasks", method: .get, headers: [.requestID: sane], body: nil),
                try await client.client.execute(uri: "/v1/tasks", method: .get, headers: [:], body: nil),
                try await client.client.execute(
                    uri: "/v1/tasks", method: .get, headers: [.requestID: String(repeating: "x", count: 129)], body: nil)
            )
        }
        // A 401 problem still says which request it answered.
        #expect(own.status == .unauthorized)
        #expect(own.headers[.requestID] == sane)
        let new = try #require(generated.headers[.requestID])
        #expect(UUID(uuidString: new) != nil)
        #expect(unfit.headers[.requestID]?.count == 36)
        for bad in ["", "has space", "semi;colon", "ü"] {
            #expect(RequestIdMiddleware<APIRequestContext>.id(taking: bad) != bad)
        }
    }

    @Test func aJSONLogRecordIsOneLineWithItsMetadataAsFields() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 0), level: .info, label: "taskbridge-worker", message: "Card \"made\"\nok",
            metadata: ["task.id": "0190", "request.id": "r-1", "message": "ignored"])
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == "Card \"made\"\nok")
        #expect(object["task.id"] == "0190")
        #expect(object["request.id"] == "r-1")
        #expect(object["level"] == "info")
        #expect(object["time"]?.hasPrefix("1970-01-01T00:00:00") == true)
    }
}
