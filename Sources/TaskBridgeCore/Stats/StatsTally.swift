#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RedisClient
import Synchronization

/// One process's counts for the history, kept in memory and added to the fleet's per-bucket hashes in Redis
/// by `flush`, once a second or so: a request or an outcome costs a lock and an addition, never a round trip.
public final class StatsTally: Sendable {
    /// The hash fields and what to add to them since the last flush, by bucket start (Unix seconds).
    private let pending = Mutex<[Int: [String: Int]]>([:])
    /// The length of a bucket, in seconds (`STATS_BUCKET_S`, 60 by default).
    public let bucketSeconds: Int
    /// This process's name as a worker, counted once per bucket; nil for processes that are not workers.
    public let workerName: String?

    /// A tally for buckets of `bucketSeconds`; `workerName` counts this process in each bucket's `workers`.
    public init(bucketSeconds: Int = 60, workerName: String? = nil) {
        self.bucketSeconds = max(bucketSeconds, 1)
        self.workerName = workerName
    }

    /// Counts `count` of `figure`, for tasks of `type` when the figure is per type.
    public func add(_ figure: StatsFigure, type: String? = nil, count: Int = 1, at date: Date = Date()) {
        guard count != 0 else { return }
        add(field: StatsFields.field(figure, type: figure.isPerType ? type : nil), count: count, at: date)
    }

    /// Counts one task that got its card `lag` after it was accepted.
    public func observeLag(_ lag: Duration, at date: Date = Date()) {
        let milliseconds = Int(lag.wholeMilliseconds)
        add(field: StatsFields.lagBucket(LagHistogram.bucket(milliseconds: max(milliseconds, 0))), count: 1, at: date)
    }

    private func add(field: String, count: Int, at date: Date) {
        let bucket = bucketStart(of: date)
        pending.withLock { $0[bucket, default: [:]][field, default: 0] += count }
    }

    /// The start, in Unix seconds, of the bucket `date` falls in.
    public func bucketStart(of date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        return seconds - seconds % bucketSeconds
    }

    /// Adds what was counted since the last flush to the Redis hashes `{keyPrefix}:stats:{bucket}` in one pipeline
    /// (and marks this worker in the current bucket). The hashes expire after `retain`, long after the stats leader
    /// has persisted them. On failure the counts are kept for the next flush.
    public func flush(to redis: some RedisCommandRunner, keyPrefix: String, retain: Duration = .seconds(7200)) async throws {
        var taken = pending.withLock { pending in
            defer { pending = [:] }
            return pending
        }
        if let workerName {
            taken[bucketStart(of: Date()), default: [:]][StatsFields.worker(workerName), default: 0] += 0
        }
        guard !taken.isEmpty else { return }
        var commands: [[RedisArgument]] = []
        for (bucket, fields) in taken {
            let key = StatsFields.key(keyPrefix: keyPrefix, bucket: bucket)
            for (field, count) in fields {
                commands.append(["HINCRBY", RedisArgument(key), RedisArgument(field), RedisArgument(count)])
            }
            commands.append(["EXPIRE", RedisArgument(key), RedisArgument(Int(retain.components.seconds))])
        }
        do {
            let replies = try await redis.pipeline(commands)
            if let error = replies.compactMap(\.errorMessage).first {
                throw RedisError(.server, error)
            }
        } catch {
            // Put the counts back, to be added with the next flush: Redis being away loses no history.
            pending.withLock { pending in
                for (bucket, fields) in taken {
                    for (field, count) in fields { pending[bucket, default: [:]][field, default: 0] += count }
                }
            }
            throw error
        }
    }
}
