import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import RedisClient
@testable import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct OperationsTests {
    @Test func healthzAnswersWithoutTouchingTheServers() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.get, "/healthz", token: .some(nil)) }
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
        }
    }

    @Test func acceptingSaysWhetherTheReplicaTakesTasksAndFailsOnceItDrains() async throws {
        try await APIFixture.with { fixture in
            let drain = DrainState()
            let (before, during) = try await fixture.withAPI({ $0.drain = drain }) { api in
                // Its probe of PostgreSQL has 1 s: on a loaded machine a replica may rightly say no for a moment.
                var before = try await api.send(.get, "/accepting", token: .some(nil))
                let deadline = ContinuousClock.now + .seconds(30)
                while before.status != .ok, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    before = try await api.send(.get, "/accepting", token: .some(nil))
                }
                drain.begin()
                return (before, try await api.send(.get, "/accepting", token: .some(nil)))
            }
            #expect(before.status == .ok)
            #expect(before.json["status"] as? String == "accepting")
            #expect((before.json["checks"] as? [String: Any])?["postgres"] != nil)
            #expect(during.status == .serviceUnavailable)
            #expect(during.json["status"] as? String == "draining")
            #expect(during.headers[.retryAfter] == "1")
        }
    }

    @Test func theOpenAPIDocumentListsExactlyTheRoutes() async throws {
        try await APIFixture.with { fixture in
            // With the Trello webhook receiver on, so its routes are there to compare.
            let configuration = fixture.configuration {
                $0.trelloWebhook = TrelloWebhookSettings(publicBaseURL: "https://bridge.example.com", appSecret: Secret("s"))
            }
            // Only the routes are read: the batching services are never run.
            let (router, _) = buildRouter(
                configuration: configuration, documentation: try APIDocumentation.bundled(),
                postgres: fixture.postgres, redis: fixture.redis,
                stream: DispatchStream(redis: fixture.redis, name: configuration.streamName, group: configuration.streamGroup),
                assets: try DashboardAssets.bundled(), logger: fixture.logger)
            // The dashboard's pages are HTML for people, not part of the API the document describes.
            let routes = Set(router.routes.filter { !$0.path.description.hasPrefix("/ui") }
                .map { "\($0.method.rawValue) \($0.path.description)" })
            let document = try await fixture.withAPI { api in try await api.send(.get, "/openapi.json", token: .some(nil)) }
            #expect(document.status == .ok)
            let json = document.json
            #expect(json["openapi"] as? String == "3.1.0")
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { ["get", "head", "post", "put", "patch", "delete"].contains($0) }
                    .map { "\($0.uppercased()) \(path)" }
            })
            #expect(documented == routes)
        }
    }

    @Test func theDocumentNamesEveryKindAndProblem() throws {
        let text = try APIDocumentation.bundled().openAPI
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(json != nil)
        for kind in TaskKinds.names {
            #expect(text.contains(##""\##(kind)": "#/components/schemas/"##), "kind \(kind) missing from the mapping")
        }
        for problem in ProblemType.allCases {
            #expect(text.contains(#""\#(problem.uri)""#), "problem \(problem.rawValue) missing")
        }
        for category in CategorizedTaskKind.categories {
            #expect(text.contains(#""\#(category)""#))
        }
    }

    @Test func theDocumentIsServedAsTheResourceFileHoldsIt() async throws {
        let file = try Data(contentsOf: TestServices.repositoryRoot
            .appendingPathComponent("Sources/TaskBridgeAPI/Resources/openapi.json"))
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.get, "/openapi.json", token: .some(nil)) }
            #expect(response.headers[.contentType] == "application/json")
            // Without the file's final newline, as the document was served when it was a Swift string.
            #expect(Data(response.body.readableBytesView) + Data("\n".utf8) == file)
        }
    }

    @Test func aMissingOrBrokenDocumentIsAnErrorNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(name: String, text: String?, problem: String)] = [
            ("missing.json", nil, "cannot be read"),
            ("truncated.json", #"{"openapi": "3.1.0", "paths": {"#, "is not JSON"),
            ("empty.json", "", "is not JSON"),
            ("array.json", "[]", "is not an OpenAPI document"),
            ("no-paths.json", #"{"openapi": "3.1.0"}"#, "is not an OpenAPI document"),
        ]
        for (name, text, problem) in cases {
            let url = folder.appendingPathComponent(name)
            if let text { try Data(text.utf8).write(to: url) }
            let error = #expect(throws: APIDocumentationError.self) { try APIDocumentation(contentsOf: url) }
            #expect(error?.description.contains(url.path) == true, "\(name): \(String(describing: error))")
            #expect(error?.description.contains(problem) == true, "\(name): \(String(describing: error))")
        }
    }

    @Test func docsRenderEveryOperationAndProblemWithoutExternalResources() async throws {
        try await APIFixture.with { fixture in
            let response = try await fixture.withAPI { api in try await api.send(.get, "/docs", token: .some(nil)) }
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = response.text
            for anchor in ["post-v1-tasks", "get-v1-tasks", "get-v1-tasks--id-", "post-v1-tasks--id--retry", "get-readyz"] {
                #expect(html.contains(#"id="\#(anchor)""#), "missing \(anchor)")
            }
            for problem in ProblemType.allCases {
                #expect(html.contains(#"id="problem-\#(problem.rawValue)""#))
            }
            // Nothing the browser would fetch from elsewhere; a URL shown as text (an example hook URL) fetches nothing.
            for external in [#"src="http"#, #"href="http"#, "url(http", "@import", "<script"] {
                #expect(!html.contains(external), "the docs page loads \(external)…")
            }
        }
    }

    @Test func unknownRoutesAndMethodsAreProblems() async throws {
        try await APIFixture.with { fixture in
            let (missing, wrongMethod) = try await fixture.withAPI { api in
                (try await api.send(.get, "/v2/tasks"), try await api.send(.delete, "/v1/tasks"))
            }
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET, POST")
            #expect(wrongMethod.json["type"] as? String == "/docs#problem-method-not-allowed")
        }
    }

    @Test func metricsCountRequestsLatencyAndAcceptedTasks() async throws {
        try await APIFixture.with { fixture in
            let metrics = try await fixture.withAPI { api in
                _ = try await api.post(#"{"type":"bug","description":"counted"}"#)
                _ = try await api.post(#"{"type":"bug"}"#)
                return try await api.send(.get, "/metrics", token: .some(nil))
            }
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains(#"taskbridge_http_requests_total{method="POST",route="/v1/tasks",status="202"} 1"#))
            #expect(text.contains(#"taskbridge_http_requests_total{method="POST",route="/v1/tasks",status="422"} 1"#))
            #expect(text.contains(#"taskbridge_http_request_duration_seconds_bucket{method="POST",route="/v1/tasks",le="+Inf"} 2"#))
            #expect(text.contains(#"taskbridge_tasks_accepted_total{type="bug"} 1"#))
        }
    }
}
