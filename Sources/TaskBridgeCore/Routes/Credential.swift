#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stored credential as people see it: a name and a fingerprint, never the secret.
public struct Credential: Sendable, Hashable, Codable {
    /// The row's id; sealed boxes are bound to it.
    public var id: UUID
    /// The name destinations refer to it by, unique.
    public var name: String
    /// What its fields are: `trello` (key and token).
    public var kind: String
    /// A short SHA-256 of the secret (`CredentialSecret.fingerprint`).
    public var fingerprint: String
    /// Which secret key sealed it (`CredentialSealer.keyFingerprint`).
    public var keyFingerprint: String
    /// When it was added.
    public var createdAt: Date

    /// Describes a credential.
    public init(id: UUID, name: String, kind: String, fingerprint: String, keyFingerprint: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.fingerprint = fingerprint
        self.keyFingerprint = keyFingerprint
        self.createdAt = createdAt
    }

    /// The kinds of credential a destination can use, and the fields each must have.
    public static let kinds: [String: [String]] = ["trello": ["key", "token"]]
}
