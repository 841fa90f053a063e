import Foundation
import RedisClient
import TestSupport
import Testing

@Suite("Redis commands", .timeLimit(.minutes(3)))
struct RedisCommandTests {
    @Test("strings, unicode, binary data with 0x00 bytes, integers, nil and arrays round-trip")
    func roundTrip() async throws {
        try await TestRedis.withPool { pool in
            let key = TestRedis.key("roundtrip")
            #expect(try await pool.send(["PING"]) == .simpleString("PONG"))

            #expect(try await pool.send(["SET", key, "plain"]) == .simpleString("OK"))
            #expect(try await pool.send(["GET", key]).string == "plain")

            let unicode = "héllo wörld 🌍 日本語 \u{0}after-nul"
            _ = try await pool.send(["SET", key, unicode])
            #expect(try await pool.send(["GET", key]).string == unicode)

            let binary: [UInt8] = [0x00, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x80, 0x0D, 0x0A, 0x00]
            _ = try await pool.send([Array("SET".utf8), Array(key.utf8), binary])
            #expect(try await pool.send(["GET", key]) == .bulkString(binary))
            #expect(try await pool.send(["STRLEN", key]) == .integer(binary.count))
            let empty: [UInt8] = []
            _ = try await pool.send([RedisArgument("SET"), RedisArgument(key), RedisArgument(bytes: empty)])
            #expect(try await pool.send(["GET", key]) == .bulkString([]))

            let counter = TestRedis.key("counter")
            #expect(try await pool.send(["INCRBY", counter, "-5"]) == .integer(-5))
            #expect(try await pool.send([RedisArgument("INCRBY"), RedisArgument(counter), 9_000_000_000]).int == 8_999_999_995)
            #expect(try await pool.send(["GET", counter]).int == 8_999_999_995)

            let missing = try await pool.send(["GET", TestRedis.key("missing")])
            #expect(missing.isNull)
            #expect(missing.string == nil)

            let list = TestRedis.key("list")
            _ = try await pool.send(["RPUSH", list, "a", "", "ü"])
            let elements = try await pool.send(["LRANGE", list, "0", "-1"])
            #expect(elements.array?.compactMap(\.string) == ["a", "", "ü"])
            #expect(try await pool.send(["LRANGE", TestRedis.key("nolist"), "0", "-1"]) == .array([]))

            _ = try await pool.send(["DEL", key, counter, list])
        }
    }

    @Test("an error reply throws a server error with the server's message, and the connection stays usable")
    func serverErrorThrows() async throws {
        try await TestRedis.withPool(connections: 1) { pool in
            let key = TestRedis.key("error")
            _ = try await pool.send(["SET", key, "text"])

            let notInteger = await #expect(throws: RedisError.self) { try await pool.send(["INCR", key]) }
            #expect(notInteger?.kind == .server)
            #expect(notInteger?.message == "ERR value is not an integer or out of range")

            let wrongType = await #expect(throws: RedisError.self) { try await pool.send(["LPUSH", key, "x"]) }
            #expect(wrongType?.serverCode == "WRONGTYPE")

            let unknown = await #expect(throws: RedisError.self) { try await pool.send(["NO-SUCH-COMMAND"]) }
            #expect(unknown?.kind == .server)
            #expect(unknown?.message.contains("unknown command") == true)

            #expect(try await pool.send(["GET", key]).string == "text")
            _ = try await pool.send(["DEL", key])
        }
    }

    @Test("a pipeline of 1000 commands returns every reply in order, an error reply among them")
    func pipelineInOrder() async throws {
        try await TestRedis.withPool { pool in
            let counter = TestRedis.key("pipeline-counter")
            let text = TestRedis.key("pipeline-text")
            _ = try await pool.send(["SET", text, "not a number"])

            let commands = (0..<1000).map { index in index == 500 ? ["INCR", text] : ["INCR", counter] }
            let replies = try await pool.pipeline(commands)

            #expect(replies.count == 1000)
            for (index, reply) in replies.enumerated() {
                if index == 500 {
                    #expect(reply == .error("ERR value is not an integer or out of range"))
                } else {
                    #expect(reply == .integer(index < 500 ? index + 1 : index))
                }
            }
            #expect(try await pool.send(["GET", counter]).int == 999)
            #expect(try await pool.pipeline([[String]]()) == [])
            _ = try await pool.send(["DEL", counter, text])
        }
    }

    @Test("a command that outlasts the command timeout fails with a connection error; the next one reconnects")
    func commandTimeout() async throws {
        try await TestRedis.withPool(connections: 1, commandTimeout: .milliseconds(200)) { pool throws in
            let error = await #expect(throws: RedisError.self) {
                try await pool.send(["BLPOP", TestRedis.key("never-filled"), "5"])
            }
            #expect(error?.kind == .connection)
            #expect(error?.message.contains("timeout") == true)
            #expect(try await pool.send(["PING"]) == .simpleString("PONG"))
        }
    }

    @Test("SELECT puts the connection on the URL's database")
    func selectsDatabase() async throws {
        let key = TestRedis.key("database")
        let server = try RedisConfiguration(url: TestServices.redisURL)
        try await TestRedis.withPool(url: "redis://\(server.host):\(server.port)/3") { database3 in
            _ = try await database3.send(["SET", key, "in 3"])
            #expect(try await database3.send(["GET", key]).string == "in 3")
            try await TestRedis.withPool { database0 throws in
                #expect(try await database0.send(["GET", key]).isNull)
            }
            _ = try await database3.send(["DEL", key])
        }
    }

    @Test("a refused AUTH or SELECT fails with a connection error that does not quote the password")
    func refusedSetup() async throws {
        let server = try RedisConfiguration(url: TestServices.redisURL)
        try await TestRedis.withPool(url: "redis://:hunter2@\(server.host):\(server.port)") { pool in
            let error = await #expect(throws: RedisError.self) { try await pool.send(["PING"]) }
            #expect(error?.kind == .connection)
            #expect(error?.message.contains("AUTH") == true)
            #expect(error?.description.contains("hunter2") == false)
        }
        try await TestRedis.withPool(url: "redis://\(server.host):\(server.port)/100000") { pool in
            let error = await #expect(throws: RedisError.self) { try await pool.send(["PING"]) }
            #expect(error?.kind == .connection)
            #expect(error?.message.contains("SELECT") == true)
        }
    }

    @Test("RedisValue accessors")
    func accessors() {
        #expect(RedisValue.simpleString("OK").string == "OK")
        #expect(RedisValue.bulkString(Array("12".utf8)).int == 12)
        #expect(RedisValue.bulkString(Array("x".utf8)).int == nil)
        #expect(RedisValue.integer(7).string == nil)
        #expect(RedisValue.error("ERR x").errorMessage == "ERR x")
        #expect(RedisValue.null.isNull)
        #expect(RedisValue.array([.integer(1)]).array == [.integer(1)])
        #expect(RedisValue.integer(1).array == nil)
    }
}
