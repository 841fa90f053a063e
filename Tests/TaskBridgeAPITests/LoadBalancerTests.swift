import CurlClient
import Foundation
import Logging
import PostgresClient
import Synchronization
import TaskBridgeCore
import Testing
import TestSupport

/// Two `taskbridge-api` replicas behind a real HAProxy that health-checks `/accepting`, one stopped with SIGTERM
/// in the middle of a burst: what an operator sees when rolling a deployment.
@Suite(.timeLimit(.minutes(5)), .enabled(if: HAProxy.binary != nil, "haproxy is not installed: run scripts/install-deps (Debian's haproxy)"))
struct LoadBalancerTests {
    /// What one client saw for one task.
    private struct Outcome: Sendable {
        var ids: [String] = []
        var transportErrors: [String] = []
        var unavailable: [(at: ContinuousClock.Instant, retryAfter: String?)] = []
        var others: [Int] = []
    }

    @Test func aReplicaStoppedMidBurstLosesNoTaskAndResetsNoClient() async throws {
        try await OwnDatabase.with { url in
            var logger = Logger(label: "test")
            logger.logLevel = .error
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), logger: logger)
            defer { Task { await pool.shutdown() } }
            try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: logger).migrate()
            let token = try await TokenStore(pool: pool).create(name: "load-balancer").secret
            let replicas = try await (0..<2).asyncMap { _ in try await Self.startReplica(databaseURL: url) }
            let proxy = try await HAProxy.start(backends: replicas.map(\.port))
            let session = try HTTPSession(configuration: .init(maxConnections: 256, maxConnectionsPerHost: 256, timeout: .seconds(60)))
            do {
                let base = "http://127.0.0.1:\(proxy.port)"
                try await eventually("both replicas are in") {
                    (try? await session.execute(HTTPRequest(method: .get, url: "\(base)/accepting")))?.status == 200
                }
                let burst = Burst()
                let stopping = replicas[0].process
                let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                    for index in 0..<1000 {
                        group.addTask {
                            try await Self.submit(index, base: base, token: token, session: session) {
                                // One replica gets SIGTERM once 300 tasks were answered.
                                if burst.answered.add(1, ordering: .relaxed).newValue == 300 {
                                    burst.stoppedAt.withLock { $0 = .now }
                                    stopping.send(SIGTERM)
                                }
                            }
                        }
                    }
                    return try await group.reduce(into: [Outcome]()) { $0.append($1) }
                }
                let exit = await replicas[0].process.wait()
                #expect(exit.status == 0, "the stopped replica exited \(String(describing: exit.status)): \(exit.stderr.suffix(2000))")

                let errors = outcomes.flatMap(\.transportErrors)
                #expect(errors.isEmpty, "clients saw \(errors.count) broken exchanges, e.g. \(errors.prefix(3))")
                #expect(outcomes.flatMap(\.others).isEmpty, "unexpected statuses: \(outcomes.flatMap(\.others).prefix(5))")
                let stop = try #require(burst.stoppedAt.withLock { $0 })
                let retried = outcomes.filter { !$0.unavailable.isEmpty }.count
                print("load balancer: \(retried) of 1000 clients met a 503 with Retry-After and retried; the stopped replica exited \(ContinuousClock.now - stop) after SIGTERM")
                for unavailable in outcomes.flatMap(\.unavailable) {
                    #expect(unavailable.retryAfter != nil, "a 503 without Retry-After")
                    #expect(unavailable.at >= stop, "a 503 before the drain began")
                }
                // Every client ends with its task, the same one however often it retried, stored once.
                #expect(outcomes.allSatisfy { !$0.ids.isEmpty && Set($0.ids).count == 1 })
                let ids = Set(outcomes.compactMap(\.ids.first))
                #expect(ids.count == 1000)
                let stored = try await pool.query("SELECT count(*)::int8, count(DISTINCT idempotency_key)::int8 FROM tasks")
                let (rows, keys) = try stored[0].decode((Int64, Int64).self)
                #expect(rows == 1000 && keys == 1000)
            } catch {
                Issue.record(error)
            }
            await session.shutdown()
            await proxy.stop()
            for replica in replicas {
                replica.process.send(SIGKILL)
                _ = await replica.process.wait()
            }
        }
    }

    /// POSTs task `index` with its own Idempotency-Key until it is stored, as a careful client does: after a 503
    /// it waits `Retry-After` and sends the same request again; `answered` runs after its first answer.
    private static func submit(
        _ index: Int, base: String, token: String, session: HTTPSession, answered: @Sendable () -> Void
    ) async throws -> Outcome {
        var outcome = Outcome()
        let body = #"{"type":"issue","title":"Balanced \#(index)","description":"sent through HAProxy"}"#
        let request = HTTPRequest(
            method: .post, url: "\(base)/v1/tasks",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "Idempotency-Key": "lb-\(index)"],
            body: Array(body.utf8))
        for attempt in 0..<20 {
            do {
                let response = try await session.execute(request)
                if attempt == 0 { answered() }
                switch response.status {
                case 200, 202:
                    let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                    outcome.ids.append(object?["id"] as? String ?? "")
                    return outcome
                case 503:
                    outcome.unavailable.append((.now, response.headers["Retry-After"]))
                    try await Task.sleep(for: .seconds(1))
                default:
                    outcome.others.append(response.status)
                    return outcome
                }
            } catch {
                if attempt == 0 { answered() }
                outcome.transportErrors.append("\(error)")
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        return outcome
    }

    /// A `taskbridge-api` process on a port of its own, once it answers `/healthz`.
    private static func startReplica(databaseURL: String) async throws -> (process: ChildProcess, port: Int) {
        for _ in 0..<5 {
            let port = try FreePort.pick()
            let process = try ChildProcess(
                "taskbridge-api",
                environment: [
                    "DATABASE_URL": databaseURL, "REDIS_URL": TestServices.redisURL, "HTTP_PORT": "\(port)",
                    "LOG_LEVEL": "error", "HTTP_DRAIN_MS": "3000", "REQUEST_TIMEOUT_MS": "30000",
                    "REDIS_KEY_PREFIX": "lb-test-\(UUID().uuidString.prefix(8))",
                ])
            for _ in 0..<100 {
                try await Task.sleep(for: .milliseconds(100))
                if kill(process.pid, 0) != 0 { break }
                if HAProxy.canConnect(port) { return (process, port) }
            }
            process.send(SIGKILL)
            _ = await process.wait()
        }
        throw ReplicaError()
    }
}

/// How far the burst has gone: answers so far, and when the replica was told to stop.
private final class Burst: Sendable {
    let answered = Atomic<Int>(0)
    let stoppedAt = Mutex<ContinuousClock.Instant?>(nil)
}

/// No port was free for a replica in five tries, or it stopped at once.
private struct ReplicaError: Error, CustomStringConvertible {
    var description: String { "taskbridge-api did not start" }
}

extension Range where Bound == Int {
    /// Maps in order, awaiting each.
    fileprivate func asyncMap<Value>(_ transform: (Int) async throws -> Value) async throws -> [Value] {
        var values: [Value] = []
        for index in self { values.append(try await transform(index)) }
        return values
    }
}
