import Foundation
import Synchronization
import TaskBridgeCore

/// Turns bearer tokens into token ids without a query per request: a token verified in the last `ttl` is trusted
/// from memory, and the lookups of concurrent requests that miss share one query.
///
/// Only live tokens are remembered, so a new token works at once; a revoked one (`taskbridge tokens revoke`) stops
/// working within `ttl` (1 s by default).
struct TokenAuthenticator: Sendable {
    private struct Entry {
        var id: UUID
        var expires: ContinuousClock.Instant
    }

    /// Tokens longer than this are refused without a lookup (ours are 46 characters).
    private static let maxTokenLength = 256
    /// Past this many remembered tokens, the cache starts over rather than grow.
    private static let maxEntries = 10_000

    private let store: TokenStore
    private let ttl: Duration
    private let cache = SharedCache()
    private let lookups: BatchQueue<Data, UUID?>

    /// Remembers tokens for `ttl` (zero: never).
    init(store: TokenStore, ttl: Duration) {
        self.store = store
        self.ttl = ttl
        lookups = BatchQueue(maxBatchSize: 256, maxConcurrentFlushes: 2) { hashes in
            let found = try await store.verify(hashes: Array(Set(hashes)))
            return hashes.map { found[$0] }
        }
    }

    /// The id of the live token `secret`, or nil when there is none; throws when PostgreSQL cannot answer.
    func authenticate(_ secret: String) async throws -> UUID? {
        guard secret.hasPrefix(TokenStore.prefix), secret.utf8.count <= Self.maxTokenLength else { return nil }
        let hash = TokenStore.hash(secret)
        let now = ContinuousClock.now
        if let id = cache.entries.withLock({ entries -> UUID? in
            guard let entry = entries[hash], entry.expires > now else { return nil }
            return entry.id
        }) {
            return id
        }
        let id = try await lookups.submit(hash)
        if let id, ttl > .zero {
            cache.entries.withLock { entries in
                if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
                entries[hash] = Entry(id: id, expires: now + ttl)
            }
        }
        return id
    }

    /// The cache's storage, shared by the copies of the authenticator.
    private final class SharedCache: Sendable {
        let entries = Mutex<[Data: Entry]>([:])
    }
}
