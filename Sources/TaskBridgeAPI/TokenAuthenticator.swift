import Foundation
import Synchronization
import TaskBridgeCore
import TaskBridgeRuntime

/// Turns bearer tokens into what they grant without a query per request: a token verified in the last `ttl` is trusted
/// from memory, an unknown one is refused from memory for `unknownTTL`, and concurrent requests with the same
/// token share one lookup (and the lookups of different tokens share one query).
///
/// So a token costs at most one query per cache lifetime, and a flood of bad tokens neither reaches PostgreSQL
/// more than once each nor pushes the live tokens out: the two are remembered apart, each bounded.
///
/// A new token works at once: live tokens are only remembered once found, and an unknown one is remembered only
/// after a client sent it, which for a token that did not exist yet means guessing a 256-bit random secret before
/// `taskbridge tokens create` made it. A revoked one stops working within `ttl` (1 s by default).
struct TokenAuthenticator: Sendable {
    /// How long a token PostgreSQL does not know is refused without asking again.
    static let unknownTTL: Duration = .seconds(30)
    /// Tokens longer than this are refused without a lookup (ours are 46 characters).
    private static let maxTokenLength = 256
    /// Past this many remembered tokens of one kind (live or unknown), that kind starts over rather than grow.
    private static let maxEntries = 10_000

    private let ttl: Duration
    private let cache = SharedCache()
    private let lookups: BatchQueue<Data, TokenGrant?>

    /// Remembers live tokens for `ttl` (zero: never) and unknown ones for `unknownTTL`; counts the tokens it
    /// looks up in `metrics`.
    init(tokens: some TokenRepository, ttl: Duration, metrics: APIMetrics) {
        self.ttl = ttl
        lookups = BatchQueue(maxBatchSize: 256, maxConcurrentFlushes: 2) { hashes in
            let unique = Array(Set(hashes))
            metrics.recordTokenLookups(unique.count)
            let found = try await tokens.verify(hashes: unique)
            return hashes.map { found[$0] }
        }
    }

    /// What the live token `secret` grants, or nil when there is none; throws when PostgreSQL cannot answer.
    func authenticate(_ secret: String) async throws -> TokenGrant? {
        guard secret.hasPrefix(TokenStore.prefix), secret.utf8.count <= Self.maxTokenLength else { return nil }
        let hash = TokenStore.hash(secret)
        let lookup = cache.state.withLock { state -> Lookup in
            let now = ContinuousClock.now
            if let entry = state.live[hash], entry.expires > now { return .known(entry.grant) }
            if let expires = state.unknown[hash], expires > now { return .known(nil) }
            if let running = state.running[hash] { return .running(running) }
            let running = Task { try await look(up: hash) }
            state.running[hash] = running
            return .running(running)
        }
        switch lookup {
        case .known(let id): return id
        case .running(let task): return try await task.value
        }
    }

    /// Asks PostgreSQL about one token, remembers the answer and lets later requests ask again.
    private func look(up hash: Data) async throws -> TokenGrant? {
        let result: Result<TokenGrant?, any Error>
        do {
            result = .success(try await lookups.submit(hash))
        } catch {
            result = .failure(error)
        }
        cache.state.withLock { state in
            state.running[hash] = nil
            let now = ContinuousClock.now
            switch result {
            case .success(let grant?) where ttl > .zero:
                if state.live.count >= Self.maxEntries { state.live.removeAll(keepingCapacity: true) }
                state.live[hash] = Entry(grant: grant, expires: now + ttl)
            case .success(nil):
                if state.unknown.count >= Self.maxEntries { state.unknown.removeAll(keepingCapacity: true) }
                state.unknown[hash] = now + Self.unknownTTL
            case .success, .failure:
                // Not cached: an error is PostgreSQL's, not the token's, and the next request asks again.
                break
            }
        }
        return try result.get()
    }

    private enum Lookup {
        case known(TokenGrant?)
        case running(Task<TokenGrant?, any Error>)
    }

    private struct Entry {
        var grant: TokenGrant
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var live: [Data: Entry] = [:]
        var unknown: [Data: ContinuousClock.Instant] = [:]
        var running: [Data: Task<TokenGrant?, any Error>] = [:]
    }

    /// The cache's storage, shared by the copies of the authenticator.
    private final class SharedCache: Sendable {
        let state = Mutex(State())
    }
}
