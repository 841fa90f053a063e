import Foundation
import Synchronization
@testable import TaskBridgeAPI
import TaskBridgeCore
import Testing

/// Bearer tokens: live ones are accepted, revoked and unknown ones refused, and PostgreSQL is asked as little as the
/// caches allow.
@Suite(.timeLimit(.minutes(1))) struct TokenAuthenticatorTests {
    /// The memory tokens, counting the lookups that reach them, holding them at `gate` when there is one, and
    /// failing them while `failure` is set.
    private final class Tokens: TokenRepository {
        let memory = MemoryTokenRepository()
        let gate: Gate?
        private let state = Mutex((lookups: 0, failure: (any Error)?.none))

        init(gate: Gate? = nil) {
            self.gate = gate
        }

        /// How many lookups reached the repository.
        var lookups: Int { state.withLock { $0.lookups } }

        /// Makes lookups throw `error` (PostgreSQL is down), or succeed again with nil.
        func fail(with error: (any Error)?) {
            state.withLock { $0.failure = error }
        }

        func verify(hashes: [Data]) async throws -> [Data: TokenGrant] {
            let failure = state.withLock { state in
                state.lookups += 1
                return state.failure
            }
            await gate?.pass()
            if let failure { throw failure }
            return await memory.verify(hashes: hashes)
        }
    }

    private struct DatabaseDown: Error {}

    private func authenticator(_ tokens: Tokens, ttl: Duration = .seconds(3600)) -> TokenAuthenticator {
        TokenAuthenticator(tokens: tokens, ttl: ttl, metrics: APIMetrics())
    }

    @Test func aLiveTokenIsTheTokensIDAndIsAskedForOncePerLifetime() async throws {
        let tokens = Tokens()
        let issued = await tokens.memory.create(name: "ci")
        try await withRunning(authenticator(tokens)) { authenticator async throws in
            #expect(try await authenticator.authenticate(issued.secret)?.id == issued.token.id)
            #expect(try await authenticator.authenticate(issued.secret)?.id == issued.token.id)
        }
        #expect(tokens.lookups == 1)
    }

    @Test func aRevokedTokenIsRefusedOnceItsCacheLifetimeIsOver() async throws {
        let tokens = Tokens()
        let issued = await tokens.memory.create(name: "ci")
        try await withRunning(authenticator(tokens, ttl: .zero)) { uncached async throws in
            try await withRunning(authenticator(tokens)) { cached async throws in
                #expect(try await uncached.authenticate(issued.secret)?.id == issued.token.id)
                #expect(try await cached.authenticate(issued.secret)?.id == issued.token.id)
                await tokens.memory.revoke(id: issued.token.id)
                #expect(try await uncached.authenticate(issued.secret) == nil)
                // Trusted from memory until its lifetime is over: the documented cost of not asking on every request.
                #expect(try await cached.authenticate(issued.secret)?.id == issued.token.id)
            }
        }
    }

    @Test func anUnknownTokenIsRefusedAndRememberedAsUnknown() async throws {
        let tokens = Tokens()
        let secret = TokenStore.newSecret()
        try await withRunning(authenticator(tokens)) { authenticator async throws in
            #expect(try await authenticator.authenticate(secret) == nil)
            #expect(try await authenticator.authenticate(secret) == nil)
            #expect(tokens.lookups == 1)
            // Even a token made since is refused from memory until the unknown entry expires (30 s).
            await tokens.memory.create(name: "late", secret: secret)
            #expect(try await authenticator.authenticate(secret) == nil)
        }
        #expect(tokens.lookups == 1)
    }

    @Test(arguments: ["", "Bearer", "not-our-token", "tb_" + String(repeating: "a", count: 300)])
    func aTokenThatCannotBeOursIsRefusedWithoutALookup(secret: String) async throws {
        let tokens = Tokens()
        #expect(try await withRunning(authenticator(tokens)) { try await $0.authenticate(secret) } == nil)
        #expect(tokens.lookups == 0)
    }

    @Test func whenTheDatabaseFailsTheRequestFailsAndTheNextOneAsksAgain() async throws {
        let tokens = Tokens()
        let issued = await tokens.memory.create(name: "ci")
        try await withRunning(authenticator(tokens)) { authenticator async throws in
            tokens.fail(with: DatabaseDown())
            await #expect(throws: DatabaseDown.self) { try await authenticator.authenticate(issued.secret) }
            tokens.fail(with: nil)
            #expect(try await authenticator.authenticate(issued.secret)?.id == issued.token.id)
        }
        #expect(tokens.lookups == 2)
    }

    @Test func concurrentRequestsWithOneTokenShareOneLookup() async throws {
        let tokens = Tokens(gate: Gate())
        let issued = await tokens.memory.create(name: "ci")
        let serial = SerialTaskExecutor()
        let ids = try await withRunning(authenticator(tokens)) { authenticator async throws in
            try await withThrowingTaskGroup(of: TokenGrant?.self) { group in
                for index in 0..<20 {
                    group.addTask(executorPreference: serial) { try await authenticator.authenticate(issued.secret) }
                    if index == 0 { await tokens.gate?.arrivals(1) }
                }
                await serial.settle()
                tokens.gate?.open()
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(ids.map { $0?.id } == Array(repeating: Optional(issued.token.id), count: 20))
        #expect(tokens.lookups == 1)
    }
}
