import Foundation
import ServiceLifecycle
import Synchronization
import TaskBridgeCore
import TaskBridgeRuntime

/// Turns bearer tokens into what they grant without a query per request: a token verified in the last `ttl` is trusted
/// from memory, an unknown one is refused from memory for `unknownTTL`, and concurrent requests with the same
/// token share one lookup (and the lookups of different tokens share one query). The lookups' batching is a
/// service of its own, which the application runs.
///
/// So a token costs at most one query per cache lifetime, and a flood of bad tokens neither reaches PostgreSQL
/// more than once each nor pushes the live tokens out: the two are remembered apart, each bounded.
///
/// A new token works at once: live tokens are only remembered once found, and an unknown one is remembered only
/// after a client sent it, which for a token that did not exist yet means guessing a 256-bit random secret before
/// `taskbridge tokens create` made it. A revoked one stops working within `ttl` (1 s by default).
struct TokenAuthenticator: Service {
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

    /// The authenticator with the cache lifetime `configuration` sets.
    init(configuration: APIConfiguration, tokens: some TokenRepository) {
        self.init(tokens: tokens, ttl: configuration.tokenCacheTTL, metrics: configuration.metrics)
    }

    /// What the live token `secret` grants, or nil when there is none; throws when PostgreSQL cannot answer.
    func authenticate(_ secret: String) async throws -> TokenGrant? {
        guard secret.hasPrefix(TokenStore.prefix), secret.utf8.count <= Self.maxTokenLength else { return nil }
        let hash = TokenStore.hash(secret)
        let turn: Turn = try await withCheckedThrowingContinuation { continuation in
            let decided = cache.state.withLock { state -> Turn? in
                let now = ContinuousClock.now
                if let entry = state.live[hash], entry.expires > now { return .answer(entry.grant) }
                if let expires = state.unknown[hash], expires > now { return .answer(nil) }
                // A lookup of this token is on its way: wait for its answer instead of asking again.
                guard state.waiting[hash] == nil else {
                    state.waiting[hash]?.append(continuation)
                    return nil
                }
                state.waiting[hash] = []
                return .lookUp
            }
            if let decided { continuation.resume(returning: decided) }
        }
        switch turn {
        case .answer(let grant): return grant
        case .lookUp: return try await look(up: hash)
        }
    }

    /// Asks PostgreSQL about one token (in a batch with other tokens), remembers the answer and hands it to the
    /// requests that waited for it.
    private func look(up hash: Data) async throws -> TokenGrant? {
        let result: Result<TokenGrant?, any Error>
        do {
            result = .success(try await lookups.submit(hash))
        } catch {
            result = .failure(error)
        }
        let waiting = cache.state.withLock { state in
            defer { state.waiting[hash] = nil }
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
            return state.waiting[hash] ?? []
        }
        for continuation in waiting {
            continuation.resume(with: result.map(Turn.answer))
        }
        return try result.get()
    }

    /// Runs the lookups' batching until graceful shutdown (the application lists it after the pools).
    func run() async {
        await lookups.run()
    }

    /// What a request does about its token: take a remembered (or just looked-up) answer, or look it up itself.
    private enum Turn {
        case answer(TokenGrant?)
        case lookUp
    }

    private struct Entry {
        var grant: TokenGrant
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var live: [Data: Entry] = [:]
        var unknown: [Data: ContinuousClock.Instant] = [:]
        /// The requests waiting for the lookup of a token that is on its way (empty: only the one looking it up).
        var waiting: [Data: [CheckedContinuation<Turn, any Error>]] = [:]
    }

    /// The cache's storage, shared by the copies of the authenticator.
    private final class SharedCache: Sendable {
        let state = Mutex(State())
    }
}
