import RedisClient
import TestSupport
import Testing

@Suite("Redis recovery", .timeLimit(.minutes(2)))
struct RedisRecoveryTests {
    @Test("restarted, then killed: calls fail fast with a connection error and work again once Redis is back")
    func restartAndKill() async throws {
        try await PrivateServices.with(name: "redis-recovery") { services in

            try await TestRedis.withPool(url: services.redisURL, connections: 2) { pool in
                let stream = TestRedis.key("recovery-stream")
                try await pool.xgroupCreate(stream: stream, group: "workers")
                let reader = pool.makeDedicatedConnection()
                _ = try await reader.send(["PING"])

                try await services.restart(.redis)
                // The servers keep no data (--save ""), so the stream is gone; idle connections reconnect unnoticed.
                #expect(try await pool.send(["PING"]) == .simpleString("PONG"))
                #expect(try await pool.xgroupCreate(stream: stream, group: "workers") == true)
                #expect(try await reader.xreadGroup(group: "workers", consumer: "c1", stream: stream, block: .milliseconds(10)).isEmpty)

                // SCRIPT FLUSH here, not on the shared server: other tests' scripts stay loaded there.
                let script = RedisScript("return ARGV[1] .. '!'")
                #expect(try await pool.evalSHA(script, arguments: ["a"]).string == "a!")
                _ = try await pool.send(["SCRIPT", "FLUSH"])
                #expect(try await pool.evalSHA(script, arguments: ["b"]).string == "b!")

                try await services.kill(.redis)
                for _ in 0..<20 {
                    let error = await #expect(throws: RedisError.self) { try await pool.send(["PING"]) }
                    #expect(error?.kind == .connection)
                }
                let readerError = await #expect(throws: RedisError.self) {
                    try await reader.xreadGroup(group: "workers", consumer: "c1", stream: stream, block: .seconds(1))
                }
                #expect(readerError?.kind == .connection)
                let pipelineError = await #expect(throws: RedisError.self) { try await pool.pipeline([["PING"], ["PING"]]) }
                #expect(pipelineError?.kind == .connection)

                try await services.start()
                #expect(try await pool.send(["PING"]) == .simpleString("PONG"))
                #expect(try await pool.pipeline([["PING"], ["PING"]]) == [.simpleString("PONG"), .simpleString("PONG")])
                #expect(try await reader.send(["PING"]) == .simpleString("PONG"))
                await reader.close()
            }
        }
    }

    @Test("a command in flight when Redis dies fails with a connection error")
    func diesMidCommand() async throws {
        try await PrivateServices.with(name: "redis-midcommand") { services in

            try await TestRedis.withPool(url: services.redisURL) { pool in
                let stream = TestRedis.key("midcommand-stream")
                try await pool.xgroupCreate(stream: stream, group: "workers")
                try await pool.withDedicatedConnection { reader in
                    _ = try await reader.send(["CLIENT", "SETNAME", "midcommand"])
                    let read = Task {
                        try await reader.xreadGroup(group: "workers", consumer: "c1", stream: stream, block: .seconds(30))
                    }
                    for _ in 0..<500 {
                        let clients = try await pool.send(["CLIENT", "LIST"]).string ?? ""
                        if clients.contains("name=midcommand ") && clients.contains("cmd=xreadgroup") { break }
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    try await services.kill(.redis)
                    let error = await #expect(throws: RedisError.self) { try await read.value }
                    #expect(error?.kind == .connection)
                }
            }
        }
    }
}
