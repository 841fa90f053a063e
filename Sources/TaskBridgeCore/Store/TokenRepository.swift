#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the API needs of its bearer tokens: which of some token hashes belong to live tokens, and what they grant.
///
/// `TokenStore` is the PostgreSQL one; `MemoryTokenRepository` keeps the same promise in memory for unit tests.
public protocol TokenRepository: Sendable {
    /// What the live (unrevoked) tokens among these SHA-256 hashes (`TokenStore.hash(_:)`) grant.
    func verify(hashes: [Data]) async throws -> [Data: TokenGrant]
}
