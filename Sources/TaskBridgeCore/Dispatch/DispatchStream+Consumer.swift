#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RedisClient

extension DispatchStream: WorkerStream {
    /// How far behind the consumers are: entries not yet delivered, and entries delivered but not acknowledged.
    public struct Depth: Sendable, Hashable {
        /// Entries added but not yet read by the group; nil when Redis cannot tell (after deletions).
        public var undelivered: Int?
        /// Entries read but not yet acknowledged.
        public var pending: Int
    }

    /// Waits up to `block` on the reads' connection for up to `count` new entries for `consumer`. A missing group
    /// (Redis restarted empty, or the stream was never made) is created and the read retried once.
    public func read(consumer: String, count: Int, block: Duration) async throws -> [DispatchDelivery] {
        guard let connection = reader else {
            throw RedisError(.configuration, "the dispatch stream was made without a connection to read on")
        }
        do {
            return try await connection.xreadGroup(
                group: group, consumer: consumer, stream: name, count: count, block: block
            ).map(Self.delivery)
        } catch let error as RedisError where error.serverCode == "NOGROUP" {
            try await ensureGroup()
            return try await connection.xreadGroup(
                group: group, consumer: consumer, stream: name, count: count, block: block
            ).map(Self.delivery)
        }
    }

    /// Takes over for `consumer` up to `count` entries whose consumer has not acknowledged them for `minIdle`,
    /// scanning from `cursor`; returns them and the cursor to continue from ("0-0" once the scan wrapped).
    public func claimIdle(
        consumer: String, minIdle: Duration, cursor: String, count: Int
    ) async throws -> (deliveries: [DispatchDelivery], cursor: String) {
        do {
            let result = try await redis.xautoclaim(
                stream: name, group: group, consumer: consumer, minIdle: minIdle, start: cursor, count: count
            )
            return (result.entries.map(Self.delivery), result.nextCursor)
        } catch let error as RedisError where error.serverCode == "NOGROUP" {
            try await ensureGroup()
            return ([], "0-0")
        }
    }

    /// Acknowledges entries, so the group forgets them.
    public func acknowledge(_ entryIDs: [String]) async throws {
        guard !entryIDs.isEmpty else { return }
        try await redis.xack(stream: name, group: group, ids: entryIDs)
    }

    /// The group's backlog, from `XINFO GROUPS`; nil when the stream or the group does not exist.
    public func depth() async throws -> Depth? {
        let reply: RedisValue
        do {
            reply = try await redis.send(["XINFO", "GROUPS", name])
        } catch let error as RedisError where error.kind == .server {
            return nil
        }
        for group in reply.array ?? [] {
            guard let flat = group.array else { continue }
            var fields: [String: RedisValue] = [:]
            for index in stride(from: 0, to: flat.count - 1, by: 2) {
                if let key = flat[index].string { fields[key] = flat[index + 1] }
            }
            guard fields["name"]?.string == self.group else { continue }
            var undelivered = fields["lag"]?.int
            if undelivered != 0, let delivered = fields["last-delivered-id"]?.string {
                // Once entries were trimmed before the group read them, Redis's lag is missing or counts them for
                // ever; the group has still read everything there is when its last delivered entry is the newest.
                let newest = try await redis.send(["XREVRANGE", RedisArgument(name), "+", "-", "COUNT", "1"])
                if let newestID = newest.array?.first?.array?.first?.string {
                    if !Self.isBefore(delivered, newestID) { undelivered = 0 }
                } else {
                    undelivered = 0
                }
            }
            return Depth(undelivered: undelivered, pending: fields["pending"]?.int ?? 0)
        }
        return nil
    }

    /// Whether stream entry id `first` (`milliseconds-sequence`) comes before `second`.
    static func isBefore(_ first: String, _ second: String) -> Bool {
        func parts(_ id: String) -> (UInt64, UInt64) {
            let pieces = id.split(separator: "-")
            return (UInt64(pieces.first ?? "") ?? 0, pieces.count > 1 ? UInt64(pieces[1]) ?? 0 : 0)
        }
        return parts(first) < parts(second)
    }

    /// When the stream's oldest entry was added, in milliseconds since 1970 by Redis's clock (an entry id's first
    /// part); nil when the stream is empty or missing. Every entry added before it was trimmed or deleted.
    public func oldestEntryMilliseconds() async throws -> Int64? {
        let reply = try await redis.send(["XRANGE", RedisArgument(name), "-", "+", "COUNT", "1"])
        guard let id = reply.array?.first?.array?.first?.string, let milliseconds = id.split(separator: "-").first else {
            return nil
        }
        return Int64(milliseconds)
    }

    private static func delivery(_ entry: RedisStreamEntry) -> DispatchDelivery {
        DispatchDelivery(
            entryID: entry.id, deliveryID: entry[field: taskField].flatMap { UUID(uuidString: $0) },
            requestID: entry[field: requestField])
    }
}
