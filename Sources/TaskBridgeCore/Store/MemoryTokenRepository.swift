#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The API's bearer tokens in memory, for unit tests: made, revoked and verified as `TokenStore` does, by hash.
public actor MemoryTokenRepository: TokenRepository {
    private var tokens: [Data: APIToken] = [:]

    /// An empty repository.
    public init() {}

    /// Makes a live token named `name` with this secret (a new random one by default), team and scopes, and
    /// returns it.
    @discardableResult
    public func create(
        name: String, secret: String = TokenStore.newSecret(), team: String? = nil,
        scopes: [TokenScope] = TokenScope.defaults
    ) -> IssuedToken {
        let token = APIToken(id: .timeOrdered(), name: name, createdAt: Date(), team: team, scopes: scopes)
        tokens[TokenStore.hash(secret)] = token
        return IssuedToken(token: token, secret: secret)
    }

    /// Revokes the token with this id; returns false when there is none or it was already revoked.
    @discardableResult
    public func revoke(id: UUID) -> Bool {
        guard let hash = tokens.first(where: { $0.value.id == id && $0.value.revokedAt == nil })?.key else {
            return false
        }
        tokens[hash]?.revokedAt = Date()
        return true
    }

    public func verify(hashes: [Data]) -> [Data: TokenGrant] {
        var grants: [Data: TokenGrant] = [:]
        for hash in hashes {
            if let token = tokens[hash], token.revokedAt == nil { grants[hash] = token.grant }
        }
        return grants
    }
}
