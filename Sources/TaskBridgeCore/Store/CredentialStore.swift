#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// Credentials in PostgreSQL (`credentials`), sealed by a `CredentialSealer`: added, listed by name and fingerprint,
/// opened for the one place that sends them, removed, and resealed under the current key after a rotation.
public struct CredentialStore: Sendable {
    /// The pool every statement runs on.
    public let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Seals `secret` of `kind` under `sealer`'s current key and stores it as `name`; throws
    /// `CredentialStoreError.nameTaken` when the name is in use, `.badFields` when the fields do not fit the kind.
    public func add(name: String, kind: String, secret: CredentialSecret, sealer: CredentialSealer) async throws
        -> Credential
    {
        guard let fields = Credential.kinds[kind] else { throw CredentialStoreError.unknownKind(kind) }
        guard Set(secret.fields.keys) == Set(fields), secret.fields.values.allSatisfy({ !$0.isEmpty }) else {
            throw CredentialStoreError.badFields(kind: kind, fields: fields)
        }
        if let problem = Credential.problem(kind: kind, secret: secret) { throw CredentialStoreError.badValue(problem) }
        let id = UUID.timeOrdered()
        let sealed = try sealer.seal(try secret.encoded(), for: id)
        let fingerprint = try sealer.fingerprint(of: secret)
        let rows = try await pool.query("""
            INSERT INTO credentials (id, name, kind, sealed, fingerprint, key_fingerprint)
            VALUES (\(id), \(name), \(kind), \(sealed), \(fingerprint), \(sealer.keyFingerprint))
            ON CONFLICT (name) DO NOTHING
            RETURNING created_at
            """)
        guard let row = rows.first else { throw CredentialStoreError.nameTaken(name) }
        return Credential(
            id: id, name: name, kind: kind, fingerprint: fingerprint, keyFingerprint: sealer.keyFingerprint,
            createdAt: try row.decode(Date.self, at: 0))
    }

    /// Every credential by name, without its secret.
    public func list() async throws -> [Credential] {
        let rows = try await pool.query(
            "SELECT id, name, kind, fingerprint, key_fingerprint, created_at FROM credentials ORDER BY name")
        return try rows.map { row in
            let (id, name, kind, fingerprint, keyFingerprint, createdAt) = try row.decode(
                (UUID, String, String, String, String, Date).self)
            return Credential(
                id: id, name: name, kind: kind, fingerprint: fingerprint, keyFingerprint: keyFingerprint,
                createdAt: createdAt)
        }
    }

    /// The secret of the credential `name`, opened under `sealer`; nil when there is no such credential.
    public func open(name: String, sealer: CredentialSealer) async throws -> CredentialSecret? {
        let rows = try await pool.query("SELECT id, sealed FROM credentials WHERE name = \(name)")
        guard let row = rows.first else { return nil }
        let (id, sealed) = try row.decode((UUID, Data).self)
        return try CredentialSecret(decoding: sealer.open(sealed, for: id))
    }

    /// The secret of the credential with this id, opened under `sealer`; nil when there is no such credential.
    public func open(id: UUID, sealer: CredentialSealer) async throws -> CredentialSecret? {
        let rows = try await pool.query("SELECT sealed FROM credentials WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        return try CredentialSecret(decoding: sealer.open(try row.decode(Data.self, at: 0), for: id))
    }

    /// Removes the credential `name`; false when there is none. Throws `.inUse` while a route's destination uses it.
    @discardableResult
    public func remove(name: String) async throws -> Bool {
        do {
            let rows = try await pool.query("DELETE FROM credentials WHERE name = \(name)")
            return rows.affectedRows == 1
        } catch let error as PostgresError where error.code == .foreignKeyViolation {
            throw CredentialStoreError.inUse(name)
        }
    }

    /// Opens every credential under the current or previous key and seals it again under the current one, with its
    /// fingerprint keyed anew, in one transaction, so that the previous key can be retired; returns how many were
    /// resealed.
    public func reseal(sealer: CredentialSealer) async throws -> Int {
        try await pool.withTransaction { connection in
            let rows = try await connection.query("SELECT id, sealed FROM credentials ORDER BY id FOR UPDATE")
            for row in rows {
                let (id, sealed) = try row.decode((UUID, Data).self)
                let plaintext = try sealer.open(sealed, for: id)
                let resealed = try sealer.seal(plaintext, for: id)
                let fingerprint = try sealer.fingerprint(of: CredentialSecret(decoding: plaintext))
                try await connection.query("""
                    UPDATE credentials SET sealed = \(resealed), key_fingerprint = \(sealer.keyFingerprint),
                        fingerprint = \(fingerprint), sealed_at = now()
                    WHERE id = \(id)
                    """)
            }
            return rows.count
        }
    }
}

/// Why a credential could not be stored or removed.
public enum CredentialStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another credential has this name.
    case nameTaken(String)
    /// No kind of credential has this name.
    case unknownKind(String)
    /// The secret's fields are not the kind's.
    case badFields(kind: String, fields: [String])
    /// A route's destination uses it.
    case inUse(String)
    /// A field's value cannot work (a hook URL that is not http(s), ...).
    case badValue(String)

    public var description: String {
        switch self {
        case .nameTaken(let name): "a credential named \(name) already exists"
        case .unknownKind(let kind):
            "unknown credential kind \(kind); known: \(Credential.kinds.keys.sorted().joined(separator: ", "))"
        case .badFields(let kind, let fields):
            "a \(kind) credential needs exactly these non-empty fields: \(fields.joined(separator: ", "))"
        case .inUse(let name): "the credential \(name) is used by a route; remove the route first"
        case .badValue(let problem): problem
        }
    }
}
