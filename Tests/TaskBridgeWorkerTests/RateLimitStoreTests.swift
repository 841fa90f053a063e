import Foundation
import Logging
import RedisClient
import TaskBridgeCore
import Testing
import TestSupport

/// The Swift schedule the unit tests use does the Redis script's arithmetic: the same sequence of reservations and
/// push-backs gives the same waits on both, up to the moments between two calls.
@Suite(.timeLimit(.minutes(2))) struct RateLimitStoreTests {
    @Test func theSwiftScheduleGivesTheScriptsWaits() async throws {
        let redis = RedisPool(configuration: try RedisConfiguration(url: TestServices.redisURL), logger: Logger(label: "test"))
        let prefix = "test-\(UUID().uuidString.lowercased().prefix(13))"
        let keys = ["\(prefix):{ratelimit}:token", "\(prefix):{ratelimit}:key"]
        let script = RedisRateLimitStore(redis: redis, keys: keys)
        let swift = MemoryRateLimitStore(limits: keys.count)
        // Seconds apart, so an error of one slot (or of a push-back) dwarfs the time between the two calls.
        let intervals: [Duration] = [.seconds(5), .seconds(2)]
        let steps: [(reserve: Int, pushBack: Duration?)] = [
            (3, nil), (1, nil), (0, .seconds(60)), (2, nil), (0, .seconds(1)), (1, nil),
        ]
        let started = ContinuousClock.now
        do {
            for (index, step) in steps.enumerated() {
                if let delay = step.pushBack {
                    try await script.pushBack(by: delay)
                    await swift.pushBack(by: delay)
                    continue
                }
                let fromRedis = try await script.reserve(count: step.reserve, intervals: intervals)
                let fromSwift = await swift.reserve(count: step.reserve, intervals: intervals)
                #expect(fromRedis.spacing == fromSwift.spacing, "step \(index)")
                let apart = max(fromRedis.wait - fromSwift.wait, fromSwift.wait - fromRedis.wait)
                // The two clocks drift apart by at most the time the sequence has taken (a loaded machine may stretch
                // it), and never by as much as the smallest slot (2 s): one slot too many or too few still shows.
                let drift = min(.seconds(1.9), (ContinuousClock.now - started) + .milliseconds(500))
                #expect(apart < drift, "step \(index): Redis \(fromRedis.wait), Swift \(fromSwift.wait)")
            }
        } catch {
            _ = try? await redis.send(["DEL"] + keys.map { RedisArgument($0) })
            await redis.shutdown()
            throw error
        }
        _ = try await redis.send(["DEL"] + keys.map { RedisArgument($0) })
        await redis.shutdown()
    }
}
