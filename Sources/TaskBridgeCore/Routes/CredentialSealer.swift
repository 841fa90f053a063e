import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Seals credentials with AES-GCM under `TASKBRIDGE_SECRET_KEY`, and opens them under it or, during a rotation,
/// under `TASKBRIDGE_PREVIOUS_SECRET_KEY`.
///
/// Each sealed box authenticates the credential's id with it, so a box copied onto another row does not open.
public struct CredentialSealer: Sendable {
    /// How many bytes a secret key has (AES-256).
    public static let keyLength = 32

    // The keys' bytes: swift-crypto's SymmetricKey is not Sendable, so one is made for each use.
    private let current: [UInt8]
    private let previous: [UInt8]?

    /// A sealer under `current` (32 bytes) that also opens what `previous` sealed.
    public init(current: [UInt8], previous: [UInt8]? = nil) throws {
        guard current.count == Self.keyLength, previous.map({ $0.count == Self.keyLength }) ?? true else {
            throw CredentialSealerError.badKeyLength
        }
        self.current = current
        self.previous = previous
    }

    /// A new random key in base64, for an operator making one.
    public static func newKeyBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Which key seals: a short SHA-256 of it, stored beside each credential so a rotation can be checked.
    public var keyFingerprint: String { CredentialSecret.shortHex(SHA256.hash(data: Data(current))) }

    /// What people are shown instead of `secret`: `hmac:` and 12 hex digits of an HMAC-SHA256 of its fields under a
    /// key derived from the current secret key. Keyed, so that someone who reads the table cannot test guesses of
    /// a password against it; it changes with the secret key, and `CredentialStore.reseal` stores the new one.
    public func fingerprint(of secret: CredentialSecret) throws -> String {
        // A key of its own, so the AES key is never used directly for anything but sealing.
        let derived = HMAC<SHA256>.authenticationCode(
            for: Data("taskbridge-credential-fingerprint".utf8), using: SymmetricKey(data: current))
        let code = HMAC<SHA256>.authenticationCode(for: try secret.encoded(), using: SymmetricKey(data: Data(derived)))
        return "hmac:" + CredentialSecret.shortHex(code)
    }

    /// `plaintext` sealed under the current key for the credential `id`: nonce, ciphertext and tag.
    public func seal(_ plaintext: Data, for id: UUID) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: SymmetricKey(data: current), authenticating: Self.associatedData(id))
        guard let combined = box.combined else { throw CredentialSealerError.cannotSeal }
        return combined
    }

    /// The plaintext sealed for `id`, opened under the current key or else the previous one.
    public func open(_ sealed: Data, for id: UUID) throws -> Data {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(combined: sealed)
        } catch {
            throw CredentialSealerError.cannotOpen
        }
        for key in [current, previous].compactMap(\.self) {
            if let plaintext = try? AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: Self.associatedData(id)) {
                return plaintext
            }
        }
        throw CredentialSealerError.cannotOpen
    }

    private static func associatedData(_ id: UUID) -> Data {
        Data("taskbridge-credential:\(id.uuidString.lowercased())".utf8)
    }
}

/// Why a credential could not be sealed or opened; never says anything of the secret.
public enum CredentialSealerError: Error, CustomStringConvertible, Sendable {
    /// A secret key is not 32 bytes.
    case badKeyLength
    /// AES-GCM gave no sealed box.
    case cannotSeal
    /// Neither key opens the box: the key changed without `TASKBRIDGE_PREVIOUS_SECRET_KEY`, or the row was altered.
    case cannotOpen

    public var description: String {
        switch self {
        case .badKeyLength: "a secret key must be 32 bytes in base64"
        case .cannotSeal: "the credential could not be sealed"
        case .cannotOpen:
            "a credential does not open under TASKBRIDGE_SECRET_KEY or TASKBRIDGE_PREVIOUS_SECRET_KEY"
        }
    }
}
