import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeCore
import Testing
import TestSupport

/// `GET /v1/stats/history` answers the persisted buckets in steps, per type, and refuses bad windows and steps.
@Suite(.timeLimit(.minutes(3))) struct StatsHistoryTests {
    /// Buckets as the stats leader writes them: 10 and 3 minutes ago.
    private static func seed(_ postgres: PostgresPool) async throws {
        let now = Int(Date().timeIntervalSince1970)
        let older = now - now % 60 - 600
        let newer = now - now % 60 - 180
        let store = StatsStore(pool: postgres)
        try await store.persist(bucket: older, points: [
            StatsPoint(figure: .accepted, type: "bug", value: 3), StatsPoint(figure: .accepted, type: "issue", value: 2),
            StatsPoint(figure: .failed, type: "bug", value: 1), StatsPoint(figure: .queueDepth, type: "", value: 7),
        ])
        try await store.persist(bucket: newer, points: [
            StatsPoint(figure: .accepted, type: "bug", value: 4), StatsPoint(figure: .queueDepth, type: "", value: 2),
        ])
        // Written again, as a leader that persisted a bucket twice would: totals replace, never add.
        try await store.persist(bucket: newer, points: [StatsPoint(figure: .accepted, type: "bug", value: 4)])
    }

    /// The API's answer to `GET path` on a database of the test's own, seeded with `seed(_:)`.
    private static func seededHistory(_ path: String) async throws -> TestResponse {
        try await OwnDatabase.with { databaseURL in
            try await APIFixture.with(databaseURL: databaseURL) { fixture in
                try await seed(fixture.postgres)
                return try await fixture.withAPI { api in try await api.send(.get, path) }
            }
        }
    }

    private static func series(_ response: TestResponse) -> [(name: String, type: String?, points: [[Double]])] {
        (response.json["series"] as? [[String: Any]] ?? []).map { series in
            (series["name"] as? String ?? "", (series["labels"] as? [String: Any])?["type"] as? String,
             (series["points"] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } })
        }
    }

    @Test func theHistoryIsSummedInStepsWithEveryStepOfTheWindow() async throws {
        let response = try await Self.seededHistory("/v1/stats/history?window=1h&step=5m")
        #expect(response.status == .ok)
        #expect(response.json["window"] as? String == "1h")
        #expect(response.json["step"] as? String == "5m")
        let series = Self.series(response)
        let bugs = try #require(series.first { $0.name == "accepted" && $0.type == "bug" })
        #expect(bugs.points.count == 12)
        #expect(bugs.points.map { $0[1] }.reduce(0, +) == 7)
        #expect(bugs.points.allSatisfy { Int($0[0]) % 300 == 0 })
        #expect(series.first { $0.name == "accepted" && $0.type == "issue" }?.points.map { $0[1] }.reduce(0, +) == 2)
        #expect(series.first { $0.name == "failed" && $0.type == "bug" }?.points.map { $0[1] }.reduce(0, +) == 1)
        // A level: only the steps that have one, at their largest.
        let depth = try #require(series.first { $0.name == "queue_depth" })
        #expect(depth.type == nil)
        #expect(depth.points.map { $0[1] }.max() == 7)
        #expect(depth.points.count <= 2)
    }

    @Test func aTypeNarrowsTheHistoryToItsSeries() async throws {
        let response = try await Self.seededHistory("/v1/stats/history?window=24h&step=1h&type=bug")
        #expect(response.status == .ok)
        let series = Self.series(response)
        #expect(Set(series.map(\.name)) == ["accepted", "failed"])
        #expect(series.allSatisfy { $0.type == "bug" && $0.points.count == 24 })
    }

    @Test(arguments: [
        ("window=forever&step=5m", "window"), ("window=8d&step=1h", "window"), ("window=1h&step=2h", "step"),
        ("window=7d&step=1m", "step"), ("window=1h&step=0m", "step"), ("window=1h&type=epic", "type"),
        ("window=1h&steps=5m", "steps"),
    ])
    func aBadQueryIsAProblemNamingTheParameter(query: String, field: String) async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.get, "/v1/stats/history?\(query)") }
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.json["type"] as? String == "/docs#problem-validation-failed")
            #expect(response.fieldErrors.map(\.field) == [field])
        }
    }
}
