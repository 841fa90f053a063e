import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// The API's bearer tokens in PostgreSQL (`api_tokens`): made from 32 random bytes, shown once, stored as SHA-256.
public struct TokenStore: Sendable {
    /// What every token starts with, so a leaked one is recognisable (and secret scanners can find it).
    public static let prefix = "tb_"

    /// The pool every statement runs on.
    public let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Makes a token named `name`, of `team`, with `scopes`, and returns it with its secret, which is not stored
    /// and cannot be shown again.
    public func create(name: String, team: String? = nil, scopes: [TokenScope] = TokenScope.defaults) async throws
        -> IssuedToken
    {
        let secret = Self.newSecret()
        let id = UUID.timeOrdered()
        let rows = try await pool.query("""
            INSERT INTO api_tokens (id, name, token_hash, team, scopes)
            VALUES (\(id), \(name), \(Self.hash(secret)), \(team), \(scopes.map(\.rawValue))::text[])
            RETURNING created_at
            """)
        guard let row = rows.first else {
            throw TaskStoreError.missingRow(statement: "INSERT INTO api_tokens")
        }
        let token = APIToken(
            id: id, name: name, createdAt: try row.decode(Date.self, column: "created_at"), team: team, scopes: scopes)
        return IssuedToken(token: token, secret: secret)
    }

    /// The generation of the live token `id`'s callback signing secret; nil when there is no such live token.
    public func signingGeneration(id: UUID) async throws -> Int? {
        let rows = try await pool.query(
            "SELECT signing_generation FROM api_tokens WHERE id = \(id) AND revoked_at IS NULL")
        return try rows.first?.decode(Int.self, column: "signing_generation")
    }

    /// Moves the live token `id` to its next signing secret; returns the new generation, nil when there is no
    /// such live token. Callbacks sent from then on are signed with the new secret.
    public func rotateSigningSecret(id: UUID) async throws -> Int? {
        let rows = try await pool.query("""
            UPDATE api_tokens SET signing_generation = signing_generation + 1
            WHERE id = \(id) AND revoked_at IS NULL
            RETURNING signing_generation
            """)
        return try rows.first?.decode(Int.self, column: "signing_generation")
    }

    /// Every token, oldest first, revoked ones included.
    public func list() async throws -> [APIToken] {
        let rows = try await pool.query(
            "SELECT id, name, created_at, revoked_at, team, scopes FROM api_tokens ORDER BY created_at, id")
        return try rows.map { row in
            let (id, name, createdAt, revokedAt, team, scopes) = try row.decode(
                (UUID, String, Date, Date?, String?, [String]).self)
            return APIToken(
                id: id, name: name, createdAt: createdAt, revokedAt: revokedAt, team: team,
                scopes: scopes.compactMap(TokenScope.init(rawValue:)))
        }
    }

    /// Revokes the token with this id; returns false when there is none or it was already revoked.
    @discardableResult
    public func revoke(id: UUID) async throws -> Bool {
        let rows = try await pool.query(
            "UPDATE api_tokens SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL")
        return rows.affectedRows == 1
    }

    /// What the live (unrevoked) token with this secret grants, if there is one.
    public func verify(_ secret: String) async throws -> TokenGrant? {
        let hash = Self.hash(secret)
        return try await verify(hashes: [hash])[hash]
    }

    /// What the live tokens among these SHA-256 hashes grant, in one query (for batched authentication).
    public func verify(hashes: [Data]) async throws -> [Data: TokenGrant] {
        guard !hashes.isEmpty else { return [:] }
        let rows = try await pool.query("""
            SELECT token_hash, id, team, scopes FROM api_tokens
            WHERE token_hash = ANY(\(hashes)::bytea[]) AND revoked_at IS NULL
            """)
        var grants: [Data: TokenGrant] = [:]
        for row in rows {
            let (stored, id, team, scopes) = try row.decode((Data, UUID, String?, [String]).self)
            // The index found the row by hash; comparing again in constant time keeps the check itself free of
            // timing differences, whatever the index did.
            if let asked = hashes.first(where: { Self.constantTimeEqual($0, stored) }) {
                grants[asked] = TokenGrant(id: id, team: team, scopes: Set(scopes.compactMap(TokenScope.init(rawValue:))))
            }
        }
        return grants
    }

    /// A new token's text: the prefix and 32 random bytes in base64url.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// The SHA-256 of a token's text, as stored in `api_tokens.token_hash`.
    public static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether two byte strings are equal, in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}
