import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How callbacks are signed. Each token's secret is derived from one server key (`CALLBACK_SIGNING_KEY`) with the
/// token's id and generation, so the database holds nothing that signs: a leaked dump forges no callback, and
/// rotating a token's secret only moves it to the next generation. Changing the server key renews every secret.
public struct CallbackSigning: Sendable {
    /// The shortest server key accepted, in bytes.
    public static let minimumKeyLength = 32

    /// The server key's bytes; a `SymmetricKey` is made from them for each use, as it is not `Sendable`.
    private let key: [UInt8]

    /// Signing with `serverKey`; nil when it is shorter than `minimumKeyLength`.
    public init?(serverKey: String) {
        guard serverKey.utf8.count >= Self.minimumKeyLength else { return nil }
        key = Array(serverKey.utf8)
    }

    /// The signing secret of token `tokenID` at `generation`, as its holder gets it: `whsec_` and 64 hex digits.
    public func secret(tokenID: UUID, generation: Int) -> String {
        let label = Array("taskbridge-callback:\(tokenID.uuidString.lowercased()):\(generation)".utf8)
        return "whsec_" + Self.hex(HMAC<SHA256>.authenticationCode(for: label, using: SymmetricKey(data: key)))
    }

    /// `TaskBridge-Signature` for `body` sent at `timestamp` (Unix seconds) under `secret`:
    /// `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>." + body)>`.
    public static func header(secret: String, timestamp: Int, body: [UInt8]) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(timestamp),v1=\(hex(code))"
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
