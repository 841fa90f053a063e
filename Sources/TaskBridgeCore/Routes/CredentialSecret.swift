#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A credential's secret fields in the clear (a Trello key and token), only ever between opening and use.
///
/// Printing, interpolating or dumping it shows `<redacted>`.
public struct CredentialSecret: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The field names and values, e.g. `key` and `token` for Trello.
    public var fields: [String: String]

    /// Wraps fields.
    public init(fields: [String: String]) {
        self.fields = fields
    }

    /// A Trello key and token.
    public static func trello(key: String, token: String) -> CredentialSecret {
        CredentialSecret(fields: ["key": key, "token": token])
    }

    /// The fields as sealed: JSON with sorted keys, so one secret always has one fingerprint.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(fields)
    }

    /// Fields from what `encoded()` made.
    public init(decoding data: Data) throws {
        fields = try JSONDecoder().decode([String: String].self, from: data)
    }

    /// A Slack incoming webhook's URL.
    public static func slack(hookURL: String) -> CredentialSecret {
        CredentialSecret(fields: ["hook_url": hookURL])
    }

    /// An SMTP server (`smtp://host:port`, STARTTLS required, or `smtps://host:port`) and its login.
    public static func smtp(server: String, username: String, password: String) -> CredentialSecret {
        CredentialSecret(fields: ["server": server, "username": username, "password": password])
    }

    /// The first 12 hex digits of `digest`.
    static func shortHex<Digest: Sequence>(_ digest: Digest) -> String where Digest.Element == UInt8 {
        digest.prefix(6).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// No children, so `dump` shows nothing either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
