import RedisClient
import TaskBridgeCore
import Testing

/// The board's metadata shared by the fleet: Trello is asked only when neither this process nor Redis has a copy,
/// or when Trello rejected an id the copy held, and never twice in a row for the same board.
@Suite(.timeLimit(.minutes(1))) struct BoardCacheTests {
    private let redis = MemoryRedis()
    private let loads = Tally()

    private func metadata(_ listID: String) -> BoardMetadata {
        BoardMetadata(listName: "To Do", listID: listID, labelIDs: ["Bug": "label-bug"], members: [])
    }

    /// A process's cache of the fleet's copy in `redis`. Its own copy outlives the test: the default 5 s ran out
    /// between two calls of one test on a loaded machine, and these tests are not about its expiry.
    private func cache() -> BoardCache {
        BoardCache(redis: redis, boardID: "board", listName: "To Do", keyPrefix: "test", localTTL: .seconds(3600))
    }

    /// A load from Trello that answers `listID` and counts itself.
    private func load(_ listID: String) -> BoardCache.Load {
        let (loads, fresh) = (loads, metadata(listID))
        return {
            loads.add()
            return fresh
        }
    }

    @Test func theFirstProcessLoadsFromTrelloAndTheNextReadsTheFleetsCopy() async throws {
        let first = cache()
        #expect(try await first.metadata(load: load("list-1")) == metadata("list-1"))
        #expect(redis.value(first.key) != nil)
        #expect(try await cache().metadata(load: load("list-2")) == metadata("list-1"))
        #expect(loads.count == 1)
    }

    @Test func aRejectedCopyFromTheFleetIsReloadedAndSharedAgain() async throws {
        try await cache().store(metadata("list-1"))
        let other = cache()
        let shared = try await other.metadata(load: load("unused"))
        #expect(try await other.refresh(replacing: shared, load: load("list-2")) == metadata("list-2"))
        #expect(loads.count == 1)
        #expect(try await cache().metadata(load: load("unused")) == metadata("list-2"))
    }

    @Test func aCopyThisProcessJustLoadedFromTrelloIsNotReloaded() async throws {
        let cache = cache()
        let loaded = try await cache.metadata(load: load("list-1"))
        #expect(try await cache.refresh(replacing: loaded, load: load("list-2")) == loaded)
        #expect(loads.count == 1)
    }

    @Test func aRefreshOfACopyAlreadyReplacedReturnsTheReplacement() async throws {
        try await cache().store(metadata("list-2"))
        let cache = cache()
        #expect(try await cache.metadata(load: load("unused")) == metadata("list-2"))
        #expect(try await cache.refresh(replacing: metadata("list-1"), load: load("list-3")) == metadata("list-2"))
        #expect(loads.count == 0)
    }

    @Test func anUnreadableCopyInRedisIsLoadedAfresh() async throws {
        let cache = cache()
        _ = try await redis.send(["SET", RedisArgument(cache.key), "not json"])
        #expect(try await cache.metadata(load: load("list-1")) == metadata("list-1"))
        #expect(loads.count == 1)
    }
}
