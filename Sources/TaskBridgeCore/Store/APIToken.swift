#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An API token as stored: its name and dates, never the token itself.
public struct APIToken: Sendable, Hashable {
    /// The row's id; tasks record it as the token that submitted them.
    public var id: UUID
    /// A name for people (`ci`, `alice`), not unique.
    public var name: String
    /// When it was made.
    public var createdAt: Date
    /// When it was revoked; nil while it works.
    public var revokedAt: Date?
    /// The team routes match on; nil for none.
    public var team: String?
    /// What it may do.
    public var scopes: [TokenScope]

    /// Makes a token description.
    public init(
        id: UUID, name: String, createdAt: Date, revokedAt: Date? = nil, team: String? = nil,
        scopes: [TokenScope] = TokenScope.defaults
    ) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.team = team
        self.scopes = scopes
    }

    /// What the token grants while it is live.
    public var grant: TokenGrant { TokenGrant(id: id, team: team, scopes: Set(scopes)) }
}
