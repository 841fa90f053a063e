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
        // A run is conclusive only while its calls stay close together in time; on a loaded machine they may not,
        // and then the run proves nothing and another one is made.
        for _ in 0..<5 {
            if try await Self.compareOneRun() { return }
        }
        Issue.record("five runs in a row were too slow to compare the schedules")
    }

    @Test func aSlotPastTheLimitIsNotReservedOnEitherSchedule() async throws {
        let redis = RedisPool(configuration: try RedisConfiguration(url: TestServices.redisURL), logger: Logger(label: "test"))
        let key = "test-\(UUID().uuidString.lowercased().prefix(13)):{ratelimit}:hook"
        let stores: [any RateLimitStore] = [RedisRateLimitStore(redis: redis, keys: [key]), MemoryRateLimitStore(limits: 1)]
        try await redis.shutDown {
            for store in stores {
                // Slots half a minute apart: a slow machine's moments between two calls never blur one.
                let interval = [Duration.seconds(30)]
                #expect(try await store.reserve(intervals: interval, within: .seconds(5)).reserved, "an empty schedule")
                try await store.pushBack(by: .seconds(60))
                // A minute away: not within 10 s, and the refusal spends nothing (the wait stays about a minute).
                let refused = try await store.reserve(intervals: interval, within: .seconds(10))
                #expect(!refused.reserved && refused.wait > .seconds(50), "\(store): \(refused)")
                let taken = try await store.reserve(intervals: interval, within: .seconds(120))
                #expect(taken.reserved && taken.wait <= refused.wait, "\(store): \(taken) after \(refused)")
                let next = try await store.reserve(count: 1, intervals: interval).wait
                #expect(next >= taken.wait + .seconds(15), "\(store): the slot taken moved the schedule")
            }
            _ = try await redis.send(["DEL", RedisArgument(key)])
        }
    }

    /// Runs one sequence of reservations and push-backs on both schedules and checks each wait; false when the
    /// calls were too far apart in time for a wrong slot to show.
    private static func compareOneRun() async throws -> Bool {
        let redis = RedisPool(configuration: try RedisConfiguration(url: TestServices.redisURL), logger: Logger(label: "test"))
        let prefix = "test-\(UUID().uuidString.lowercased().prefix(13))"
        let keys = ["\(prefix):{ratelimit}:token", "\(prefix):{ratelimit}:key"]
        let script = RedisRateLimitStore(redis: redis, keys: keys)
        let swift = MemoryRateLimitStore(limits: keys.count)
        // Ten seconds and more apart, so an error of one slot (or of a push-back) dwarfs the time between the two
        // calls even on a machine loaded by the whole suite.
        let intervals: [Duration] = [.seconds(25), .seconds(10)]
        let steps: [(reserve: Int, pushBack: Duration?)] = [
            (3, nil), (1, nil), (0, .seconds(300)), (2, nil), (0, .seconds(5)), (1, nil),
        ]
        // Each schedule is anchored when its own call runs, so the two drift apart by at most the time between the
        // Redis call and the Swift call of every step so far.
        var gaps: Duration = .zero
        var conclusive = true
        do {
            for (index, step) in steps.enumerated() {
                let before = ContinuousClock.now
                if let delay = step.pushBack {
                    try await script.pushBack(by: delay)
                    await swift.pushBack(by: delay)
                    gaps += .now - before
                    continue
                }
                let fromRedis = try await script.reserve(count: step.reserve, intervals: intervals)
                let fromSwift = try await swift.reserve(count: step.reserve, intervals: intervals)
                gaps += .now - before
                #expect(fromRedis.spacing == fromSwift.spacing, "step \(index)")
                // A slot off (10 s, the smallest) must still show: with gaps under 4.5 s it makes the waits at least
                // 5.5 s apart, past the 4.6 s allowed.
                guard gaps < .milliseconds(4500) else {
                    conclusive = false
                    break
                }
                let apart = max(fromRedis.wait - fromSwift.wait, fromSwift.wait - fromRedis.wait)
                #expect(apart <= gaps + .milliseconds(100), "step \(index): Redis \(fromRedis.wait), Swift \(fromSwift.wait)")
            }
        } catch {
            _ = try? await redis.send(["DEL"] + keys.map { RedisArgument($0) })
            await redis.shutdown()
            throw error
        }
        _ = try await redis.send(["DEL"] + keys.map { RedisArgument($0) })
        await redis.shutdown()
        return conclusive
    }
}
