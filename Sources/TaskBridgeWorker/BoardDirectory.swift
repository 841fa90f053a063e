import RedisClient
import TaskBridgeCore

/// The board as the worker sees it: metadata from the fleet's cache, reloaded when Trello rejects an id, and
/// completed on Trello when `TRELLO_AUTO_PROVISION` allows, one worker of the fleet at a time.
struct BoardDirectory: Sendable {
    /// How long one worker may hold the provisioning lock; creating a list and four labels takes far less.
    static let provisionLockTTL: Duration = .seconds(30)

    let cache: BoardCache
    let synchronizer: BoardSynchronizer
    let redis: any RedisCommandRunner
    let provisionLockKey: String
    let autoProvision: Bool

    /// The metadata, from the cache when it has it.
    func current() async throws -> BoardMetadata {
        let synchronizer = synchronizer
        return try await cache.metadata { try await synchronizer.load() }
    }

    /// The metadata reloaded from Trello, which refused an id taken from `stale`.
    func refresh(replacing stale: BoardMetadata) async throws -> BoardMetadata {
        let synchronizer = synchronizer
        return try await cache.refresh(replacing: stale) { try await synchronizer.load() }
    }

    /// Creates the missing list and labels and returns the completed metadata; nil when another worker is doing
    /// it right now (try again shortly).
    func provision() async throws -> BoardMetadata? {
        let token = "\(UInt64.random(in: 0...UInt64.max))"
        let acquired = try await redis.send([
            "SET", provisionLockKey, token, "NX", "PX", "\(Self.provisionLockTTL.wholeMilliseconds)",
        ])
        guard acquired.string == "OK" else { return nil }
        let metadata: BoardMetadata
        do {
            metadata = try await synchronizer.sync().metadata
        } catch {
            try? await release(token)
            throw error
        }
        try await cache.store(metadata)
        try? await release(token)
        return metadata
    }

    private func release(_ token: String) async throws {
        _ = try await redis.evalSHA(Self.releaseScript, keys: [provisionLockKey], arguments: [RedisArgument(token)])
    }

    /// Deletes the lock only if this worker still holds it: after its TTL another worker may.
    static let releaseScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
    )
}
