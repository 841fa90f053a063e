import Foundation
import TaskBridgeCore
import Testing

/// Credentials sealed with AES-GCM: they open under the key that sealed them, or the previous key during a
/// rotation, only for the credential they were sealed for, and never show their secret when printed.
@Suite(.timeLimit(.minutes(1))) struct CredentialSealerTests {
    private static func key(_ byte: UInt8) -> [UInt8] { Array(repeating: byte, count: 32) }
    private let id = UUID()
    private let secret = CredentialSecret.trello(key: "key-a", token: "token-a")

    @Test func aSealedSecretOpensUnderItsKeyAndHoldsNoPlaintext() throws {
        let sealer = try CredentialSealer(current: Self.key(1))
        let plaintext = try secret.encoded()
        let sealed = try sealer.seal(plaintext, for: id)
        #expect(sealed.range(of: Data("token-a".utf8)) == nil)
        #expect(sealed.range(of: Data("key-a".utf8)) == nil)
        #expect(try CredentialSecret(decoding: sealer.open(sealed, for: id)) == secret)
        #expect(try sealer.seal(plaintext, for: id) != sealed, "each seal takes a new nonce")
    }

    @Test func theSecretKeyMayBeRotatedWithThePreviousOneStillOpening() throws {
        let old = try CredentialSealer(current: Self.key(1))
        let sealed = try old.seal(try secret.encoded(), for: id)
        let rotating = try CredentialSealer(current: Self.key(2), previous: Self.key(1))
        #expect(try rotating.open(sealed, for: id) == (try secret.encoded()))
        let resealed = try rotating.seal(try rotating.open(sealed, for: id), for: id)
        let rotated = try CredentialSealer(current: Self.key(2))
        #expect(try rotated.open(resealed, for: id) == (try secret.encoded()))
        #expect(throws: CredentialSealerError.self) { try rotated.open(sealed, for: id) }
        #expect(rotating.keyFingerprint == rotated.keyFingerprint)
        #expect(rotating.keyFingerprint != old.keyFingerprint)
    }

    @Test func aSealedBoxOpensOnlyForItsOwnCredential() throws {
        let sealer = try CredentialSealer(current: Self.key(1))
        let sealed = try sealer.seal(try secret.encoded(), for: id)
        #expect(throws: CredentialSealerError.self) { try sealer.open(sealed, for: UUID()) }
        var altered = sealed
        altered[altered.count - 1] ^= 1
        #expect(throws: CredentialSealerError.self) { try sealer.open(altered, for: id) }
        #expect(throws: CredentialSealerError.self) { try sealer.open(Data([1, 2, 3]), for: id) }
    }

    @Test func aKeyMustBe32Bytes() {
        #expect(throws: CredentialSealerError.self) { try CredentialSealer(current: Array(repeating: 1, count: 16)) }
        #expect(throws: CredentialSealerError.self) {
            try CredentialSealer(current: Self.key(1), previous: Array(repeating: 1, count: 31))
        }
    }

    @Test func aSecretPrintsAsRedactedAndHasAStableKeyedFingerprint() throws {
        #expect("\(secret)" == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("token-a"))
        let sealer = try CredentialSealer(current: Self.key(1))
        let fingerprint = try sealer.fingerprint(of: secret)
        #expect(fingerprint == (try sealer.fingerprint(of: .trello(key: "key-a", token: "token-a"))))
        #expect(fingerprint != (try sealer.fingerprint(of: .trello(key: "key-a", token: "token-b"))))
        #expect(fingerprint.hasPrefix("hmac:") && fingerprint.count == "hmac:".count + 12)
    }

    @Test func theFingerprintIsKeyedSoTheTableAloneCannotTestAGuess() throws {
        let password = CredentialSecret.smtp(server: "smtp://mail.example.com:587", username: "u", password: "hunter2")
        let under1 = try CredentialSealer(current: Self.key(1)).fingerprint(of: password)
        let under2 = try CredentialSealer(current: Self.key(2)).fingerprint(of: password)
        #expect(under1 != under2)
    }
}
