import Crypto
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

    /// What people are shown instead of the secret: `sha256:` and the first 12 hex digits of its SHA-256.
    public var fingerprint: String {
        get throws { "sha256:" + Self.shortHash(try encoded()) }
    }

    /// The first 12 hex digits of `data`'s SHA-256.
    static func shortHash(_ data: Data) -> String {
        SHA256.hash(data: data).prefix(6).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// No children, so `dump` shows nothing either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
