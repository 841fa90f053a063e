import RedisClient
import Testing

@Suite("RedisScript", .timeLimit(.minutes(3)))
struct RedisScriptTests {
    @Test("SHA-1 of known inputs")
    func knownDigests() {
        #expect(RedisScript("").sha1 == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(RedisScript("abc").sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            RedisScript("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").sha1
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        )
    }

    @Test("the SHA-1 computed here is the one Redis computes, for scripts of many lengths")
    func matchesScriptLoad() async throws {
        try await TestRedis.withPool { pool in
            for length in [0, 1, 55, 56, 63, 64, 65, 119, 1000] {
                let script = RedisScript("return '" + String(repeating: "é", count: length) + "'")
                let loaded = try await pool.send(["SCRIPT", "LOAD", script.source])
                #expect(loaded.string == script.sha1)
            }
        }
    }

    @Test("EVALSHA of a script Redis has never seen falls back to EVAL, which stores it")
    func evalSHAWithNoScriptFallback() async throws {
        try await TestRedis.withPool { pool throws in
            let key = TestRedis.key("script")
            // A unique comment gives a script no other test loaded; SCRIPT FLUSH would disturb parallel tests
            // (RedisRecoveryTests flushes its private server).
            let script = RedisScript(
                "-- \(key)\nredis.call('SET', KEYS[1], ARGV[1]); return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}"
            )
            let expected = RedisValue.array([.bulkString(Array(key.utf8)), .bulkString(Array("hello".utf8)), .integer(42)])
            #expect(try await pool.send(["SCRIPT", "EXISTS", script.sha1]) == .array([.integer(0)]))

            #expect(try await pool.evalSHA(script, keys: [key], arguments: ["hello", "41"]) == expected)
            #expect(try await pool.send(["SCRIPT", "EXISTS", script.sha1]) == .array([.integer(1)]))
            #expect(try await pool.evalSHA(script, keys: [key], arguments: ["hello", "41"]) == expected)
            #expect(try await pool.send(["GET", key]).string == "hello")
        }
    }

    @Test("an error raised by a script throws with its message")
    func scriptError() async throws {
        try await TestRedis.withPool { pool in
            let script = RedisScript("return redis.error_reply('LIMITED try again later')")
            let error = await #expect(throws: RedisError.self) { try await pool.evalSHA(script) }
            #expect(error?.kind == .server)
            #expect(error?.serverCode == "LIMITED")
            #expect(error?.message == "LIMITED try again later")
        }
    }
}
