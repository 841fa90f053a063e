#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `bytea`'s hex text form, `\x0aff…`, both ways.
enum PostgresByteaHex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `\x` followed by two lowercase hex digits per byte.
    static func encode(_ bytes: Data) -> String {
        String(unsafeUninitializedCapacity: 2 + bytes.count * 2) { buffer in
            buffer[0] = UInt8(ascii: "\\")
            buffer[1] = UInt8(ascii: "x")
            var index = 2
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }

    /// The bytes of a `\x…` text, or nil when it is not hex form.
    static func decode(_ text: ArraySlice<UInt8>) -> Data? {
        guard text.count >= 2, text.count % 2 == 0, text.first == UInt8(ascii: "\\"),
            text[text.startIndex + 1] == UInt8(ascii: "x")
        else { return nil }
        var bytes = Data(capacity: (text.count - 2) / 2)
        var index = text.startIndex + 2
        while index < text.endIndex {
            guard let high = text[index].hexDigitValue, let low = text[index + 1].hexDigitValue else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
