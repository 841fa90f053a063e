#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `TASKBRIDGE_SECRET_KEY` and, during a rotation, `TASKBRIDGE_PREVIOUS_SECRET_KEY`: the keys credentials are sealed
/// under, 32 random bytes each in base64. Printing or dumping them shows `<redacted>`; a problem never quotes them.
public struct SecretKeySettings: Sendable, CustomStringConvertible, CustomReflectable {
    /// How many bytes each key holds.
    public static let keyLength = 32

    /// The key that seals; nil when unset (or malformed, which `reader` has recorded).
    public var current: [UInt8]?
    /// The key before a rotation, which still opens; nil when unset.
    public var previous: [UInt8]?

    /// Reads both keys; `TASKBRIDGE_SECRET_KEY` is recorded as missing in `reader` when `required`.
    public init(reading reader: inout EnvironmentReader, required: Bool) {
        let currentText = required
            ? reader.requiredString("TASKBRIDGE_SECRET_KEY") : reader.string("TASKBRIDGE_SECRET_KEY", default: "")
        let previousText = reader.string("TASKBRIDGE_PREVIOUS_SECRET_KEY", default: "")
        current = Self.key(currentText, named: "TASKBRIDGE_SECRET_KEY", reader: &reader)
        previous = Self.key(previousText, named: "TASKBRIDGE_PREVIOUS_SECRET_KEY", reader: &reader)
    }

    /// The bytes of a base64 key, or nil after recording the problem when it is not `keyLength` bytes.
    private static func key(_ text: String, named name: String, reader: inout EnvironmentReader) -> [UInt8]? {
        guard !text.isEmpty else { return nil }
        guard let data = Data(base64Encoded: String(text.filter { !$0.isWhitespace })), data.count == keyLength else {
            reader.require(false, "\(name) must be \(keyLength) random bytes in base64 (openssl rand -base64 32)")
            return nil
        }
        return Array(data)
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// No children, so `dump` shows nothing either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
