import Foundation
import Testing

@testable import PostgresClient

/// Statement, lock and idle-transaction limits, enforced by the server where it can and by the client always, on
/// the shared test server. Every test takes its lock on a table of its own, so parallel tests never wait on it.
@Suite("PostgresLimits", .timeLimit(.minutes(3)))
struct PostgresLimitsTests {
    /// The idle-transaction limit is far above the others: a loaded machine may leave a transaction idle between its
    /// `BEGIN` and its statement for a second, and these tests are about the lock and statement limits.
    private static let limits = PostgresLimits(
        statementTimeout: .milliseconds(600), lockTimeout: .milliseconds(300), idleInTransactionTimeout: .seconds(10))

    /// Runs `body` with a pool under `limits` and a connection without any, which holds a lock on a fresh table.
    private func withLockedTable(
        _ body: (_ pool: PostgresPool, _ table: String) async throws -> Void
    ) async throws {
        let table = TestDatabase.uniqueName("limits")
        let holder = try await PostgresConnection.connect(configuration: TestDatabase.configuration(), logger: TestDatabase.logger)
        try await holder.execute(unsafeSQL: "CREATE TABLE \(table) (id int); INSERT INTO \(table) VALUES (1)")
        try await holder.execute(unsafeSQL: "BEGIN; LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE")
        var configuration = try TestDatabase.configuration()
        configuration.limits = Self.limits
        let pool = PostgresPool(configuration: configuration, options: .init(maxConnections: 2), logger: TestDatabase.logger)
        do {
            try await body(pool, table)
        } catch {
            await pool.shutdown()
            try await holder.execute(unsafeSQL: "ROLLBACK; DROP TABLE \(table)")
            await holder.close()
            throw error
        }
        await pool.shutdown()
        try await holder.execute(unsafeSQL: "ROLLBACK; DROP TABLE \(table)")
        await holder.close()
    }

    @Test func aSingleStatementGivesUpOnALockWithinTheLockTimeout() async throws {
        try await withLockedTable { pool, table in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
            }
            // The server's lock_timeout (300 ms) ended it, not the client's statement deadline (1.1 s).
            #expect(error?.code == .lockNotAvailable, "\(String(reflecting: error))")
            #expect(error?.isTimeout == true)
            // The connection is fine afterwards, and the limits were local to that statement's transaction (a
            // script gets no limits of its own, so it shows the session's setting).
            let rows = try await pool.withConnection { try await $0.execute(unsafeSQL: "SHOW lock_timeout") }
            #expect(try rows[0].decode(String.self, at: 0) == "0")
        }
    }

    @Test func aTransactionGivesUpOnALockAndRollsBack() async throws {
        try await withLockedTable { pool, table in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES (2)"))
                }
            }
            #expect(error?.code == .lockNotAvailable, "\(String(reflecting: error))")
        }
    }

    @Test func aSlowStatementIsCancelledByTheServer() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.limits = Self.limits
        let pool = PostgresPool(configuration: configuration, options: .init(maxConnections: 1), logger: TestDatabase.logger)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.query("SELECT pg_sleep(30)")
        }
        #expect(error?.code == .queryCanceled, "\(String(reflecting: error))")
        #expect(error?.isTimeout == true)
        // One connection in the pool: it was freed and still works.
        let rows = try await pool.query("SELECT 7")
        #expect(try rows[0].decode(Int.self, at: 0) == 7)
        await pool.shutdown()
    }

    @Test func aScriptIsCancelledByTheClientPastTheDeadline() async throws {
        // Scripts carry no server-side limit (migrations must not get one by accident of configuration), so the
        // client's own deadline, 500 ms past the statement timeout, cancels this one.
        var configuration = try TestDatabase.configuration()
        configuration.limits = Self.limits
        let pool = PostgresPool(configuration: configuration, options: .init(maxConnections: 1), logger: TestDatabase.logger)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try await $0.execute(unsafeSQL: "SELECT 1; SELECT pg_sleep(30)") }
        }
        #expect(error?.kind == .timeout, "\(String(reflecting: error))")
        // The cancelled connection was discarded; a fresh one serves the next caller.
        let rows = try await pool.query("SELECT 8")
        #expect(try rows[0].decode(Int.self, at: 0) == 8)
        await pool.shutdown()
    }

    @Test func aCancelledCallerCancelsItsStatementOnTheServer() async throws {
        let name = TestDatabase.uniqueName("cancelled")
        try await TestDatabase.withPool(applicationName: name, options: .init(maxConnections: 1)) { pool in
            let sleeper = Task { try await pool.query("SELECT pg_sleep(60)") }
            let monitor = try await PostgresConnection.connect(configuration: TestDatabase.configuration(), logger: TestDatabase.logger)
            // Wait (bounded) until the sleep runs on the server, then cancel the caller.
            for _ in 0..<200 where try await running(name, monitor) == 0 {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(try await running(name, monitor) == 1)
            sleeper.cancel()
            await #expect(throws: CancellationError.self) { try await sleeper.value }
            for _ in 0..<200 where try await running(name, monitor) > 0 {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(try await running(name, monitor) == 0)
            await monitor.close()
        }
    }

    @Test func anIdleTransactionIsEndedByTheServer() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.limits = PostgresLimits(idleInTransactionTimeout: .milliseconds(200))
        let pool = PostgresPool(configuration: configuration, options: .init(maxConnections: 1), logger: TestDatabase.logger)
        await #expect(throws: PostgresError.self) {
            try await pool.withTransaction { connection in
                try await connection.query("SELECT 1")
                try await Task.sleep(for: .seconds(1))
                try await connection.query("SELECT 2")
            }
        }
        let rows = try await pool.query("SELECT 9")
        #expect(try rows[0].decode(Int.self, at: 0) == 9)
        await pool.shutdown()
    }

    @Test func beginSetsEveryLimitLocally() {
        let output = "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = 'postgres'; "
            + "SET LOCAL bytea_output = 'hex'"
        #expect(Self.limits.beginScript
            == "BEGIN; \(output); SET LOCAL statement_timeout = '600'; SET LOCAL lock_timeout = '300'; "
            + "SET LOCAL idle_in_transaction_session_timeout = '10000'")
        #expect(PostgresLimits.none.beginScript == "BEGIN; \(output)")
        let outputCalls = "set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, MDY', true), "
            + "set_config('IntervalStyle', 'postgres', true), set_config('bytea_output', 'hex', true)"
        #expect(PostgresLimits.none.localSettingsQuery == "SELECT \(outputCalls)")
        #expect(PostgresLimits(lockTimeout: .microseconds(10)).localSettingsQuery
            == "SELECT \(outputCalls), set_config('lock_timeout', '1', true)")
    }

    /// How many statements of sessions named `name` are running `pg_sleep` now.
    private func running(_ name: String, _ monitor: PostgresConnection) async throws -> Int {
        let rows = try await monitor.query("""
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = \(name) AND state = 'active' AND query LIKE '%pg_sleep%'
            """)
        return try rows[0].decode(Int.self, at: 0)
    }
}
