#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// A dashboard sign-in: the token it was opened with, its CSRF token, and whether its buttons may write.
public struct DashboardSession: Sendable, Hashable {
    /// The API token the session was opened with.
    public var tokenID: UUID
    /// The secret every form of the session must send back (`csrf`).
    public var csrfToken: String
    /// Whether the session may retry, discard and file tasks: its token had `tasks:write` when it signed in.
    public var canWrite: Bool

    /// Makes a session.
    public init(tokenID: UUID, csrfToken: String, canWrite: Bool) {
        self.tokenID = tokenID
        self.csrfToken = csrfToken
        self.canWrite = canWrite
    }
}

/// The dashboard's sessions in PostgreSQL (`ui_sessions`), so that any API replica serves any request: the cookie
/// holds a random secret, the table its SHA-256. A session ends at sign-out, at its expiry, or when its token is
/// revoked.
public struct DashboardSessionStore: Sendable {
    let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Opens a session for `tokenID` lasting `lifetime`; returns the cookie's secret and the session. Expired
    /// sessions are swept at the same time.
    public func open(tokenID: UUID, canWrite: Bool, lifetime: Duration) async throws -> (secret: String, session: DashboardSession) {
        let secret = Self.newSecret()
        let session = DashboardSession(tokenID: tokenID, csrfToken: Self.newSecret(), canWrite: canWrite)
        _ = try await pool.query("""
            WITH swept AS (DELETE FROM ui_sessions WHERE expires_at < now())
            INSERT INTO ui_sessions (id_hash, token_id, csrf_token, can_write, expires_at)
            VALUES (\(TokenStore.hash(secret)), \(tokenID), \(session.csrfToken), \(canWrite),
                    now() + \(Int64(lifetime.components.seconds))::int8 * interval '1 second')
            """)
        return (secret, session)
    }

    /// The live session whose cookie holds `secret`, if any: unexpired, and its token not revoked.
    public func session(secret: String) async throws -> DashboardSession? {
        let rows = try await pool.query("""
            SELECT s.token_id, s.csrf_token, s.can_write FROM ui_sessions s JOIN api_tokens t ON t.id = s.token_id
            WHERE s.id_hash = \(TokenStore.hash(secret)) AND s.expires_at > now() AND t.revoked_at IS NULL
            """)
        return try rows.first.map { row in
            DashboardSession(
                tokenID: try row.decode(UUID.self, at: 0), csrfToken: try row.decode(String.self, at: 1),
                canWrite: try row.decode(Bool.self, at: 2))
        }
    }

    /// Ends the session whose cookie holds `secret`.
    public func close(secret: String) async throws {
        _ = try await pool.query("DELETE FROM ui_sessions WHERE id_hash = \(TokenStore.hash(secret))")
    }

    /// 32 random bytes from the system's generator, as lowercase hex: a session's secret, a CSRF token.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
