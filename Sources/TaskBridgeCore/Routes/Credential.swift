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
    /// What its fields are: `trello` (key and token), `slack` (hook URL), `smtp` (server, username, password).
    public var kind: String
    /// A short keyed hash of the secret (`CredentialSealer.fingerprint(of:)`).
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
    public static let kinds: [String: [String]] = [
        "trello": ["key", "token"], "slack": ["hook_url"], "smtp": ["password", "server", "username"],
    ]

    /// What is wrong with `secret`'s values for `kind`, beyond having the kind's fields: a hook URL that is not
    /// http(s), a server URL that is not `smtp://` or `smtps://`. Nil when nothing is.
    public static func problem(kind: String, secret: CredentialSecret) -> String? {
        switch kind {
        case "slack":
            let url = secret.fields["hook_url"] ?? ""
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                return "a slack credential's hook URL must start with https:// (or http:// for a local stand-in)"
            }
        case "smtp":
            let server = secret.fields["server"] ?? ""
            guard server.hasPrefix("smtp://") || server.hasPrefix("smtps://") else {
                return "an smtp credential's server must be smtp://host:port (STARTTLS required) or smtps://host:port"
            }
        default: break
        }
        return nil
    }
}
