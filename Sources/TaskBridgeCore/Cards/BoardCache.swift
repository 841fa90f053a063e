#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RedisClient

/// The board's metadata (list, labels, members) shared by the fleet: one copy in Redis with a TTL, and a short
/// copy in each process so a card costs no extra round trip. Trello is asked only when both are missing or
/// when Trello rejected an id the copy held (`refresh(replacing:load:)`).
public actor BoardCache {
    /// How long the fleet's copy lives: board changes the bridge cannot see (a renamed label) heal within it.
    public static let defaultSharedTTL: Duration = .seconds(600)
    /// How long a process trusts its own copy before reading the fleet's again.
    public static let defaultLocalTTL: Duration = .seconds(5)

    /// Loads the metadata from Trello.
    public typealias Load = @Sendable () async throws -> BoardMetadata

    /// The Redis key of the fleet's copy.
    public nonisolated let key: String
    private let redis: any RedisCommandRunner
    private let sharedTTL: Duration
    private let localTTL: Duration
    private var local: (metadata: BoardMetadata, expires: ContinuousClock.Instant, fromTrello: Bool)?
    private var loading: (task: Task<BoardMetadata, any Error>, reload: Bool)?

    /// A cache for the board and list name, kept under `{keyPrefix}:board:`; both names are part of the key, so
    /// a changed list name starts afresh.
    public init(
        redis: any RedisCommandRunner,
        boardID: String,
        listName: String,
        keyPrefix: String = "taskbridge",
        sharedTTL: Duration = defaultSharedTTL,
        localTTL: Duration = defaultLocalTTL
    ) {
        self.redis = redis
        self.key = "\(keyPrefix):board:\(boardID):\(listName)"
        self.sharedTTL = sharedTTL
        self.localTTL = localTTL
    }

    /// The metadata: this process's copy, else the fleet's, else loaded with `load` and shared.
    public func metadata(load: @escaping Load) async throws -> BoardMetadata {
        if let local, local.expires > .now { return local.metadata }
        if let loading { return try await loading.task.value }
        return try await start(reload: false, load: load)
    }

    /// Loads afresh after Trello rejected an id from `stale` (or it lacked a list or label), unless another caller
    /// already replaced it, or this process loaded it from Trello less than a local TTL ago: a board that really
    /// lacks a label must not cost three requests per task.
    public func refresh(replacing stale: BoardMetadata, load: @escaping Load) async throws -> BoardMetadata {
        if let loading {
            let value = try await loading.task.value
            if loading.reload || value != stale { return value }
        }
        if let local, local.expires > .now, local.metadata != stale || local.fromTrello { return local.metadata }
        if let loading, loading.reload { return try await loading.task.value }
        return try await start(reload: true, load: load)
    }

    /// Runs one load that concurrent callers share.
    private func start(reload: Bool, load: @escaping Load) async throws -> BoardMetadata {
        let task = Task { reload ? try await self.reload(load: load) : try await self.fetch(load: load) }
        loading = (task, reload)
        defer { if loading?.task == task { loading = nil } }
        return try await task.value
    }

    private func fetch(load: @escaping Load) async throws -> BoardMetadata {
        if let bytes = try await redis.send(["GET", key]).bytes,
            let shared = try? JSONDecoder().decode(BoardMetadata.self, from: Data(bytes))
        {
            remember(shared, fromTrello: false)
            return shared
        }
        return try await reload(load: load)
    }

    private func reload(load: @escaping Load) async throws -> BoardMetadata {
        let fresh = try await load()
        try await store(fresh)
        return fresh
    }

    /// Shares metadata just read from Trello (e.g. after creating what was missing) with the fleet.
    public func store(_ fresh: BoardMetadata) async throws {
        let json = try JSONEncoder().encode(fresh)
        _ = try await redis.send([
            RedisArgument(stringLiteral: "SET"), RedisArgument(key), RedisArgument(bytes: Array(json)),
            "PX", RedisArgument(Int(max(sharedTTL.wholeMilliseconds, 1))),
        ])
        remember(fresh, fromTrello: true)
    }

    private func remember(_ metadata: BoardMetadata, fromTrello: Bool) {
        local = (metadata, .now + localTTL, fromTrello)
    }
}
