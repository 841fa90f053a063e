import CurlClient
import Testing

@Suite("HTTPSession under concurrency", .timeLimit(.minutes(3)))
struct HTTPSessionConcurrencyTests {
    @Test("200 concurrent requests all succeed over a few reused connections")
    func concurrentRequestsReuseConnections() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession(configuration: .init(maxConnections: 8, maxConnectionsPerHost: 8))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await session.execute(HTTPRequest(url: server.baseURL + "/peer")).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            await session.shutdown()

            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(server.peerConnectionCount >= 1)
            #expect(server.peerConnectionCount <= 8)
        }
    }

    @Test("sequential requests share one kept-alive connection")
    func sequentialRequestsShareOneConnection() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            for _ in 0..<20 {
                _ = try await session.execute(HTTPRequest(url: server.baseURL + "/peer")).ensureSuccess()
            }
            await session.shutdown()

            #expect(server.peerConnectionCount == 1)
        }
    }
}
