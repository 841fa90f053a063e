// Temporary local probe, not committed.
import CurlClient
import Testing
import Glibc

@Suite(.timeLimit(.minutes(3))) struct ThroughputProbe {
    @Test(.enabled(if: Environment.bench)) func probe() async throws {
        let base = Environment.target
        let session = try HTTPSession(configuration: .init(maxConnections: 32, maxConnectionsPerHost: 32))
        let url = base + "/peer"
        _ = try await session.execute(HTTPRequest(url: url))
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        for _ in stride(from: worker, to: 2000, by: 32) {
                            _ = try await session.execute(HTTPRequest(url: url)).ensureSuccess()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        await session.shutdown()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("PROBE: 2000 requests at concurrency 32 in \(seconds) s = \(2000 / seconds) req/s")
    }
}

enum Environment {
    static var bench: Bool { getenv("CURLCLIENT_BENCH") != nil }
    static var target: String { String(cString: getenv("CURLCLIENT_BENCH")) }
}
