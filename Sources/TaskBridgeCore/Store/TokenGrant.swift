#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a live token grants its holder: who it is, the team routes match on, and its scopes.
public struct TokenGrant: Sendable, Hashable {
    /// The token's id; tasks record it as the token that submitted them.
    public var id: UUID
    /// The team routes match on; nil for none.
    public var team: String?
    /// What it may do.
    public var scopes: Set<TokenScope>

    /// Makes a grant.
    public init(id: UUID, team: String? = nil, scopes: Set<TokenScope> = Set(TokenScope.defaults)) {
        self.id = id
        self.team = team
        self.scopes = scopes
    }
}
