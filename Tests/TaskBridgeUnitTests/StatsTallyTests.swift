import Foundation
import RedisClient
import Synchronization
import TaskBridgeCore
import Testing

/// A process's counts reach Redis in one pipeline per flush, by bucket, and survive a flush that failed.
@Suite(.timeLimit(.minutes(3))) struct StatsTallyTests {
    /// Records pipelines as `HINCRBY key field count` lines; fails every pipeline while `failing` is set.
    final class RecordingRedis: RedisCommandRunner {
        let lines = Mutex<[String]>([])
        let failing = Atomic<Bool>(false)

        func send(_ arguments: [RedisArgument]) async throws -> RedisValue {
            try await pipeline([arguments])[0]
        }

        func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
            if failing.load(ordering: .relaxed) { throw RedisError(.connection, "the test's Redis is down") }
            lines.withLock { lines in
                lines += commands.map { $0.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: " ") }
            }
            return commands.map { _ in .integer(1) }
        }
    }

    let minute = Date(timeIntervalSince1970: 6_000_030)
    let nextMinute = Date(timeIntervalSince1970: 6_000_095)

    @Test func countsAreAddedPerBucketAndFieldInOnePipeline() async throws {
        let tally = StatsTally(bucketSeconds: 60)
        let redis = RecordingRedis()
        tally.add(.accepted, type: "bug", at: minute)
        tally.add(.accepted, type: "bug", count: 2, at: minute)
        tally.add(.trello429, type: "ignored: not per type", at: minute)
        tally.add(.failed, type: "task", at: nextMinute)
        tally.observeLag(.milliseconds(80), at: minute)
        try await tally.flush(to: redis, keyPrefix: "tb", retain: .seconds(600))
        let lines = Set(redis.lines.withLock { $0 })
        #expect(lines == [
            "HINCRBY tb:stats:6000000 accepted|bug 3", "HINCRBY tb:stats:6000000 trello_429 1",
            "HINCRBY tb:stats:6000000 lag|0 1", "EXPIRE tb:stats:6000000 600",
            "HINCRBY tb:stats:6000060 failed|task 1", "EXPIRE tb:stats:6000060 600",
        ])
        // Nothing new: nothing sent.
        redis.lines.withLock { $0 = [] }
        try await tally.flush(to: redis, keyPrefix: "tb")
        #expect(redis.lines.withLock { $0 }.isEmpty)
    }

    @Test func aFailedFlushKeepsTheCountsForTheNext() async throws {
        let tally = StatsTally(bucketSeconds: 60)
        let redis = RecordingRedis()
        tally.add(.carded, type: "issue", at: minute)
        redis.failing.store(true, ordering: .relaxed)
        await #expect(throws: RedisError.self) { try await tally.flush(to: redis, keyPrefix: "tb") }
        tally.add(.carded, type: "issue", at: minute)
        redis.failing.store(false, ordering: .relaxed)
        try await tally.flush(to: redis, keyPrefix: "tb", retain: .seconds(60))
        #expect(redis.lines.withLock { $0 }.contains("HINCRBY tb:stats:6000000 carded|issue 2"))
    }

    @Test func aWorkerMarksItselfInTheCurrentBucketAtEveryFlush() async throws {
        let tally = StatsTally(bucketSeconds: 60, workerName: "w1")
        let redis = RecordingRedis()
        try await tally.flush(to: redis, keyPrefix: "tb")
        let bucket = tally.bucketStart(of: Date())
        #expect(redis.lines.withLock { $0 }.contains { $0.hasPrefix("HINCRBY tb:stats:") && $0.hasSuffix(" worker|w1 0") })
        #expect(bucket % 60 == 0)
    }
}
