#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RedisClient
import Synchronization

/// The Redis stream that delivers task ids to the workers, read through one consumer group.
///
/// Entries carry the task id (field `task`) and, when the API added them, the id of the request that sent the task
/// (field `request`, only for the worker's logs; the relay's entries have none). PostgreSQL decides what happens to the task, so a duplicate entry is
/// harmless and re-adding an id is always safe.
public final class DispatchStream: Sendable {
    /// The stream's default key.
    public static let defaultName = "taskbridge:dispatch"
    /// The workers' consumer group's default name.
    public static let defaultGroup = "taskbridge-workers"
    /// The entry field that holds the task id.
    public static let taskField = "task"
    /// The entry field that holds the id of the request that sent the task, when there is one.
    public static let requestField = "request"
    /// The default approximate length the stream is trimmed to on every add (`DISPATCH_STREAM_MAX_LENGTH`):
    /// entries far behind are ones the workers are done with; undelivered entries of a backlog longer than this
    /// are trimmed too, and the relay adds them again once it sees they are older than the stream's first entry.
    public static let defaultMaxLength = 100_000

    /// Where commands go.
    public let redis: any RedisCommandRunner
    /// The stream's key.
    public let name: String
    /// The consumer group's name.
    public let group: String
    /// The `MAXLEN ~` every add trims to; nil never trims.
    public let maxLength: Int?
    /// Whether this instance has seen the group exist since its last failure; until then each add also creates it.
    private let groupKnown = Atomic<Bool>(false)
    /// The connection blocking reads wait on, which they hold while they wait; nil for a stream that only adds.
    let reader: RedisConnection?

    /// A stream over `redis`; a consumer's stream reads on `reader`, a dedicated connection it closes with
    /// `closeReader()`.
    public init(
        redis: any RedisCommandRunner, name: String = defaultName, group: String = defaultGroup,
        maxLength: Int? = defaultMaxLength, reader: RedisConnection? = nil
    ) {
        self.redis = redis
        self.name = name
        self.group = group
        self.maxLength = maxLength
        self.reader = reader
    }

    /// Closes the reads' connection, once the last read is over.
    public func closeReader() async {
        await reader?.close()
    }

    /// Creates the stream and the group if missing. The group starts at the stream's beginning (`0`), so ids
    /// added before any worker ran are still delivered.
    public func ensureGroup() async throws {
        do {
            try await redis.xgroupCreate(stream: name, group: group, startID: "0", makeStream: true)
            groupKnown.store(true, ordering: .relaxed)
        } catch {
            groupKnown.store(false, ordering: .relaxed)
            throw error
        }
    }

    /// Adds one entry per id, with its request id from `requestIDs` if it has one, in one pipelined round trip, creating the group first in the same trip if this
    /// instance has not seen it yet (Redis may have restarted empty). Throws if any add failed; the adds before
    /// and after a failed one may still have happened, which is harmless.
    public func enqueue(_ ids: [UUID], requestIDs: [UUID: String]) async throws {
        guard !ids.isEmpty else { return }
        let createsGroup = !groupKnown.load(ordering: .relaxed)
        var commands: [[RedisArgument]] = []
        commands.reserveCapacity(ids.count + 1)
        if createsGroup {
            commands.append(["XGROUP", "CREATE", RedisArgument(name), RedisArgument(group), "0", "MKSTREAM"])
        }
        let prefix: [RedisArgument] = maxLength.map { ["XADD", RedisArgument(name), "MAXLEN", "~", RedisArgument($0)] }
            ?? ["XADD", RedisArgument(name)]
        for id in ids {
            var command = prefix + ["*", RedisArgument(Self.taskField), RedisArgument(id.uuidString.lowercased())]
            if let requestID = requestIDs[id] {
                command += [RedisArgument(Self.requestField), RedisArgument(requestID)]
            }
            commands.append(command)
        }
        let replies: [RedisValue]
        do {
            replies = try await redis.pipeline(commands)
        } catch {
            groupKnown.store(false, ordering: .relaxed)
            throw error
        }
        var adds = replies[...]
        if createsGroup, let reply = adds.popFirst() {
            if let message = reply.errorMessage, !message.hasPrefix("BUSYGROUP") {
                throw RedisError(.server, message)
            }
            groupKnown.store(true, ordering: .relaxed)
        }
        if let failure = adds.first(where: { $0.errorMessage != nil })?.errorMessage {
            groupKnown.store(false, ordering: .relaxed)
            throw RedisError(.server, failure)
        }
    }
}
