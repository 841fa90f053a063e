import Foundation
import Hummingbird
import PostgresClient
import RedisClient
import TaskBridgeCore

/// What `/readyz` reports: PostgreSQL, Redis, and the worker fleet's state as the workers publish it in Redis.
struct Readiness: ResponseEncodable, Sendable {
    /// One server's check.
    struct Check: Encodable, Sendable {
        var status: String
        var detail: String?
    }

    /// The fleet as the workers describe it.
    struct Fleet: Encodable, Sendable {
        var status: String
        var state: String
        var reason: String?
        var since: String?
    }

    /// The checks, by name.
    struct Checks: Encodable, Sendable {
        var postgres: Check
        var redis: Check
        var fleet: Fleet
    }

    /// `ready` or `not_ready`.
    var status: String
    /// Each check.
    var checks: Checks

    /// Whether everything is up and the fleet is not paused.
    var isReady: Bool { status == "ready" }

    /// Runs the checks at once, each bounded by `timeout`, so a hung server makes the answer slow, not stuck.
    static func check(postgres: PostgresPool, redis: RedisPool, fleetStateKey: String, timeout: Duration) async -> Readiness {
        async let postgresCheck = checkPostgres(postgres, timeout: timeout)
        async let redisCheck = bounded(timeout, name: "Redis") {
            _ = try await redis.send(["PING"])
        }
        async let fleetState = boundedFleetState(redis: redis, key: fleetStateKey, timeout: timeout)
        let (postgresResult, redisResult, fleetResult) = await (postgresCheck, redisCheck, fleetState)
        let fleet: Fleet
        switch fleetResult {
        case .some(let state):
            fleet = Fleet(
                status: state.isPaused ? "down" : "up", state: state.state.rawValue, reason: state.reason,
                since: state.since.map { $0.formatted(.iso8601) })
        case .none:
            fleet = Fleet(status: "down", state: "unknown", reason: "the fleet's state is kept in Redis, which is unreachable")
        }
        let ready = postgresResult.status == "up" && redisResult.status == "up" && fleet.status == "up"
        return Readiness(
            status: ready ? "ready" : "not_ready",
            checks: Checks(postgres: postgresResult, redis: redisResult, fleet: fleet))
    }

    /// PostgreSQL's check alone: all a replica needs to accept tasks (`/accepting`).
    static func checkPostgres(_ postgres: PostgresPool, timeout: Duration) async -> Check {
        await bounded(timeout, name: "PostgreSQL") { try await probe(postgres, within: timeout) }
    }

    /// Touches what requests need, the way they need it: a task insert takes `ROW EXCLUSIVE` on `tasks`, so a
    /// lock that would stall inserts, reads or token checks makes the probe fail within its lock timeout, and a
    /// server too busy to answer fails it within its statement timeout. Nothing is written.
    private static func probe(_ postgres: PostgresPool, within timeout: Duration) async throws {
        let limits = PostgresLimits(statementTimeout: timeout * 0.8, lockTimeout: timeout / 2, idleInTransactionTimeout: timeout)
        try await postgres.withTransaction(limits: limits) { connection in
            try await connection.query("LOCK TABLE tasks, api_tokens IN ROW EXCLUSIVE MODE")
            try await connection.query("SELECT 1 FROM api_tokens LIMIT 1")
        }
    }

    private static func bounded(
        _ timeout: Duration, name: String, _ probe: @escaping @Sendable () async throws -> Void
    ) async -> Check {
        do {
            try await withTimeout(timeout, probe)
            return Check(status: "up")
        } catch is TimeoutError {
            return Check(status: "down", detail: "\(name) did not answer within \(timeout)")
        } catch let error as PostgresError where error.isTimeout {
            return Check(status: "down", detail: "\(name) did not answer within \(timeout) (locked or overloaded)")
        } catch {
            return Check(status: "down", detail: "\(name) is unreachable")
        }
    }

    private static func boundedFleetState(redis: RedisPool, key: String, timeout: Duration) async -> FleetState? {
        try? await withTimeout(timeout) { try await FleetState.read(from: redis, key: key) }
    }

    private struct TimeoutError: Error {}

    /// `operation`'s result, or a `TimeoutError` once `timeout` passed (the operation is then cancelled).
    private static func withTimeout<Value: Sendable>(
        _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TimeoutError()
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() else { throw TimeoutError() }
            return value
        }
    }
}
