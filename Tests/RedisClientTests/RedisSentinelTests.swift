import Foundation
import RedisClient
import Testing
import TestSupport

/// `redis+sentinel://`: a pool finds the master through the Sentinels, and follows a failover to the promoted
/// replica without being told.
@Suite(.timeLimit(.minutes(3)), .enabled(if: RedisSentinelGroup.isInstalled, "redis-sentinel is not installed: run scripts/install-deps (Debian's redis-sentinel)"))
struct RedisSentinelTests {
    @Test func aPoolFollowsTheMasterThroughAFailover() async throws {
        let group = try await RedisSentinelGroup.start()
        do {
            try await TestRedis.withPool(url: group.url, connections: 2) { pool in
                let key = "sentinel-\(UUID().uuidString.prefix(8))"
                #expect(try await pool.send(["SET", key, "before"]).string == "OK")
                // Replicated before the master dies, so the promoted replica holds it.
                #expect(try await pool.send(["WAIT", "1", "5000"]).int == 1)
                let (oldMaster, replica) = (group.serverPorts[0], group.serverPorts[1])
                await group.kill(serverOn: oldMaster)
                var written = false
                for _ in 0..<120 where !written {
                    written = (try? await pool.send(["SET", "\(key)-after", "after"]))?.string == "OK"
                    if !written { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(written, "no write succeeded within 30 s of the master's death")
                #expect(try await group.masterPort() == replica)
                #expect(try await pool.send(["GET", key]).string == "before")
                #expect(try await pool.send(["GET", "\(key)-after"]).string == "after")
            }
        } catch {
            Issue.record(error)
        }
        await group.stop()
    }

    @Test func sentinelURLsAreReadAndShownWithoutThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis+sentinel://:s3cret@10.0.0.1,10.0.0.2:26380/mymaster/2")
        #expect(configuration.sentinel == RedisSentinel(
            addresses: [.init(host: "10.0.0.1", port: 26379), .init(host: "10.0.0.2", port: 26380)], masterName: "mymaster"))
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == 2)
        #expect(configuration.description == "redis+sentinel://:***@10.0.0.1:26379,10.0.0.2:26380/mymaster/2")
        #expect(try RedisConfiguration(url: "redis+sentinel://h1/m").database == 0)
        for bad in ["redis+sentinel://h1", "redis+sentinel://h1/", "redis+sentinel://h1/m/x", "redis+sentinel://h1,/m"] {
            #expect(throws: RedisError.self, "\(bad)") { try RedisConfiguration(url: bad) }
        }
    }
}
