import Foundation
import Testing

@testable import PostgresClient

@Suite("PostgresPool", .timeLimit(.minutes(3)))
struct PostgresPoolTests {
    /// How many server sessions carry `applicationName`, seen from a connection of another name.
    private func serverSessions(named applicationName: String, using monitor: PostgresConnection) async throws -> Int {
        let rows = try await monitor.query(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = \(applicationName)"
        )
        return try rows[0].decode(Int.self, at: 0)
    }

    @Test func hundredConcurrentUsersShareTenConnections() async throws {
        let name = TestDatabase.uniqueName("pool100")
        let monitor = try await PostgresConnection.connect(
            configuration: TestDatabase.configuration(), logger: TestDatabase.logger
        )
        // A long acquire timeout: this test is about sharing ten connections, not about speed on a loaded machine.
        try await TestDatabase.withPool(applicationName: name, options: .init(maxConnections: 10, acquireTimeout: .seconds(120))) { pool in
            let watcher = Task {
                var most = 0
                // Cancelling the watcher cancels its query too; that ends the watch.
                while !Task.isCancelled, let sessions = try? await serverSessions(named: name, using: monitor) {
                    most = max(most, sessions)
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return most
            }
            let sums = try await withThrowingTaskGroup(of: Int.self) { group in
                for user in 0..<100 {
                    group.addTask {
                        var sum = 0
                        for step in 0..<5 {
                            let rows = try await pool.query("SELECT \(user)::int8 + \(step)::int8, pg_sleep(0.002)")
                            sum += try rows[0].decode(Int.self, at: 0)
                        }
                        return sum
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            watcher.cancel()
            let mostOnServer = await watcher.value
            #expect(sums.count == 100)
            let expected: Int = (0..<100).map { 5 * $0 + 10 }.reduce(0, +)
            #expect(sums.reduce(0, +) == expected)
            #expect(pool.statistics.peakOpenConnections <= 10)
            #expect(pool.statistics.peakOpenConnections >= 2)
            #expect(mostOnServer <= 10)
            #expect(mostOnServer >= 1)
            #expect(pool.statistics.waitingCallers == 0)
        }
        // Shutdown closed them all; the server notices each closed session a moment later.
        var sessionsLeft = try await serverSessions(named: name, using: monitor)
        for _ in 0..<200 where sessionsLeft > 0 {
            try await Task.sleep(for: .milliseconds(50))
            sessionsLeft = try await serverSessions(named: name, using: monitor)
        }
        #expect(sessionsLeft == 0)
        await monitor.close()
    }

    @Test func waitTimesOutWhenEveryConnectionIsHeld() async throws {
        try await TestDatabase.withPool(options: .init(maxConnections: 2, acquireTimeout: .milliseconds(200))) { pool in
            let (held, holding) = AsyncStream.makeStream(of: Void.self)
            let (release, releasing) = AsyncStream.makeStream(of: Void.self)
            let holders = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await pool.withConnection { connection in
                                _ = try await connection.query("SELECT 1")
                                holding.yield()
                                for await _ in release { break }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            var heldCount = 0
            for await _ in held {
                heldCount += 1
                if heldCount == 2 { break }
            }
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.kind == .poolTimeout)
            #expect(error?.description.contains("all 2 in use") == true)
            #expect(pool.statistics.waitingCallers == 0)

            releasing.yield()
            releasing.yield()
            releasing.finish()
            try await holders.value
            #expect(try await pool.query("SELECT 7")[0].decode(Int.self, at: 0) == 7)
            #expect(pool.statistics.openConnections == 2)
        }
    }

    @Test func cancelledWaiterLeavesTheQueue() async throws {
        try await TestDatabase.withPool(options: .init(maxConnections: 1, acquireTimeout: .seconds(30))) { pool in
            let (held, holding) = AsyncStream.makeStream(of: Void.self)
            let (release, releasing) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await pool.withConnection { _ in
                    holding.yield()
                    for await _ in release { break }
                }
            }
            for await _ in held { break }
            let waiter = Task { try await pool.query("SELECT 1") }
            while pool.statistics.waitingCallers == 0 { try await Task.sleep(for: .milliseconds(5)) }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(pool.statistics.waitingCallers == 0)
            releasing.finish()
            try await holder.value
            #expect(try await pool.query("SELECT 1").count == 1)
        }
    }

    @Test(.timeLimit(.minutes(1))) func slowQueriesDoNotStallOtherTasks() async throws {
        let name = TestDatabase.uniqueName("sleepers")
        let monitor = try await PostgresConnection.connect(configuration: TestDatabase.configuration(), logger: TestDatabase.logger)
        try await TestDatabase.withPool(applicationName: name, options: .init(maxConnections: 50)) { pool in
            let queries = Task {
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<50 {
                        // Long sleeps, cancelled below once the other work is done: true if one ran to its end.
                        group.addTask { (try? await pool.query("SELECT pg_sleep(60)")) != nil }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
            }
            // Every sleep is running on the server before the other work starts.
            while try await serverSessions(named: name, using: monitor) < 50 {
                try await Task.sleep(for: .milliseconds(10))
            }
            // Other async work while fifty blocking libpq calls are in flight: twenty suspensions and resumptions.
            // Had those calls held the two cooperative threads, none of it could run before a sleep ended.
            for _ in 0..<20 { try await Task.sleep(for: .milliseconds(1)) }
            _ = try await monitor.query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = \(name)")
            let ranToTheirEnd = try await queries.value
            #expect(ranToTheirEnd.count == 50)
            #expect(!ranToTheirEnd.contains(true), "the other work waited for a slow query to end")
            #expect(pool.statistics.peakOpenConnections <= 50)
        }
        await monitor.close()
    }

    @Test func terminatedIdleConnectionIsReplaced() async throws {
        let name = TestDatabase.uniqueName("terminated")
        try await TestDatabase.withPool(applicationName: name, options: .init(maxConnections: 1)) { pool in
            let firstPID = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            try await TestDatabase.withPool { admin in
                let killed = try await admin.query("SELECT pg_terminate_backend(\(firstPID)::int4, 5000)")
                #expect(try killed[0].decode(Bool.self, at: 0))
            }
            // The idle connection is dead; the pool notices before using it, so nothing fails.
            let secondPID = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            #expect(secondPID != firstPID)
            #expect(pool.statistics.openConnections == 1)
        }
    }

    @Test func connectionKilledMidQueryIsDiscarded() async throws {
        let name = TestDatabase.uniqueName("midquery")
        try await TestDatabase.withPool(applicationName: name, options: .init(maxConnections: 2)) { pool in
            let slow = Task { try await pool.query("SELECT pg_sleep(30)") }
            try await TestDatabase.withPool { admin in
                var terminated = false
                while !terminated {
                    let rows = try await admin.query(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE application_name = \(name) AND query LIKE 'SELECT pg_sleep%'
                        """
                    )
                    terminated = !rows.isEmpty
                    if !terminated { try await Task.sleep(for: .milliseconds(10)) }
                }
            }
            let error = await #expect(throws: PostgresError.self) { try await slow.value }
            #expect(error?.isConnectionLost == true)
            #expect(error?.kind == .connection)
            #expect(pool.statistics.openConnections == 0)
            #expect(try await pool.query("SELECT 1").count == 1)
        }
    }

    @Test func shutdownFailsLaterCalls() async throws {
        let pool = PostgresPool(configuration: try TestDatabase.configuration(), logger: TestDatabase.logger)
        #expect(try await pool.query("SELECT 1").count == 1)
        await pool.shutdown()
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.kind == .poolClosed)
        #expect(pool.statistics.openConnections == 0)
    }
}
