import RedisClient
import Testing

@Suite("RedisPool", .timeLimit(.minutes(3)))
struct RedisPoolTests {
    @Test("100 concurrent users share 4 connections and every command lands")
    func concurrentUsers() async throws {
        // A wait far beyond the default: 6,100 round trips over 4 connections on a loaded 2-core machine can
        // keep a caller queued for seconds, and this test is about every command landing, not about speed.
        try await TestRedis.withPool(connections: 4, connectionWaitTimeout: .seconds(120)) { pool in
            let counter = TestRedis.key("pool-counter")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for user in 0..<100 {
                    group.addTask {
                        let own = TestRedis.key("pool-user-\(user)")
                        for round in 0..<20 {
                            _ = try await pool.send(["INCR", counter])
                            _ = try await pool.send(["SET", own, "\(round)"])
                            #expect(try await pool.send(["GET", own]).string == "\(round)")
                        }
                        let replies = try await pool.pipeline([["INCR", counter], ["DEL", own]])
                        #expect(replies.count == 2)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.send(["GET", counter]).int == 100 * 21)
            let clients = try await pool.send(["CLIENT", "LIST"]).string ?? ""
            #expect(!clients.isEmpty)
            _ = try await pool.send(["DEL", counter])
        }
    }

    @Test("a caller that finds every connection busy past the wait timeout fails with a pool timeout")
    func waitTimeout() async throws {
        try await TestRedis.withPool(connections: 1, connectionWaitTimeout: .milliseconds(100)) { pool in
            let (held, holding) = AsyncStream.makeStream(of: Void.self)
            let (done, finish) = AsyncStream.makeStream(of: Void.self)
            async let holder: Void = pool.withConnection { connection in
                _ = try await connection.send(["PING"])
                holding.yield()
                for await _ in done { break }
            }
            for await _ in held { break }

            let error = await #expect(throws: RedisError.self) { try await pool.send(["PING"]) }
            #expect(error?.kind == .poolTimeout)

            finish.yield()
            try await holder
            #expect(try await pool.send(["PING"]) == .simpleString("PONG"))
        }
    }

    @Test("a waiting caller gets the connection as soon as it is returned")
    func waiterIsServed() async throws {
        // A long wait: this is about the hand-over, not speed, and a loaded machine's cooperative threads can take
        // seconds to resume ten waiters one after another.
        try await TestRedis.withPool(connections: 1, connectionWaitTimeout: .seconds(60)) { pool in
            let key = TestRedis.key("pool-waiter")
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await pool.send(["INCR", key]).int ?? 0 }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.sorted() == Array(1...10))
            _ = try await pool.send(["DEL", key])
        }
    }

    @Test("withConnection keeps one connection for a MULTI/EXEC transaction")
    func transactionOnOneConnection() async throws {
        try await TestRedis.withPool { pool in
            let key = TestRedis.key("pool-multi")
            let replies = try await pool.withConnection { connection in
                _ = try await connection.send(["MULTI"])
                _ = try await connection.send(["SET", key, "1"])
                _ = try await connection.send(["INCR", key])
                return try await connection.send(["EXEC"])
            }
            #expect(replies == .array([.simpleString("OK"), .integer(2)]))
            _ = try await pool.send(["DEL", key])
        }
    }

    @Test("cancelling a command the server has not answered interrupts it, and the pool goes on")
    func cancelUnansweredCommand() async throws {
        // A command timeout past the suite's time limit: only the cancellation can end the command in time.
        try await TestRedis.withPool(connections: 2, commandTimeout: .seconds(600)) { pool in
            let name = "unanswered-\(TestRedis.key("cancel").suffix(8))"
            let waiting = Task {
                try await pool.withConnection { connection in
                    _ = try await connection.send(["CLIENT", "SETNAME", name])
                    // No replica ever acknowledges: the server holds the reply for good.
                    return try await connection.send(["WAIT", "1", "0"])
                }
            }
            try await TestRedis.waitUntilBlocked(clientNamed: name, pool: pool)
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            for _ in 0..<4 {
                #expect(try await pool.send(["PING"]) == .simpleString("PONG"))
            }
        }
    }

    @Test("after shutdown, calls fail with a shutdown error")
    func shutdown() async throws {
        let pool = RedisPool(configuration: try TestRedis.configuration(), logger: TestRedis.logger)
        #expect(try await pool.send(["PING"]) == .simpleString("PONG"))
        await pool.shutdown()
        let error = await #expect(throws: RedisError.self) { try await pool.send(["PING"]) }
        #expect(error?.kind == .shutdown)
    }
}
