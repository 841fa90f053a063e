#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The position after the last task of a page, in `created_at DESC, id DESC` order; opaque to clients.
public struct TaskCursor: Sendable, Hashable {
    /// The last task's `created_at`, in microseconds since 1970: exact, unlike a `Date`.
    public var createdAtMicroseconds: Int64
    /// The last task's id, which breaks ties between tasks created in the same transaction.
    public var id: UUID
}

/// The token a cursor travels as, written and read back; in an extension so that Swift still synthesises the
/// memberwise init that the stores use.
extension TaskCursor {
    /// The cursor as a URL-safe token (base64url, no padding).
    public var encoded: String {
        let text = "v1.\(createdAtMicroseconds).\(id.uuidString.lowercased())"
        return Data(text.utf8).base64EncodedString()
            .replacing("+", with: "-")
            .replacing("/", with: "_")
            .replacing("=", with: "")
    }

    /// The `created_at` range a cursor may carry, in microseconds since 1970: 2000-01-01 to the end of 9999.
    ///
    /// Every task is created inside it, and PostgreSQL can add any of it to 1970 without an interval overflow.
    public static let createdAtRange: ClosedRange<Int64> = 946_684_800_000_000...253_402_300_799_999_999

    /// Reads a token exactly as `encoded` makes it, with a `created_at` in `createdAtRange`; nil for anything else
    /// (malformed, altered, or out of range), so no cursor reaches PostgreSQL that the API could not have made.
    ///
    /// Checked rather than signed: any token sees every task, so an altered cursor that passes reveals nothing a
    /// client could not page to, and a cursor keeps working across restarts and replicas without a shared key.
    public init?(encoded token: String) {
        guard token.utf8.count <= 128, token.utf8.allSatisfy({ Self.isBase64URL($0) }) else { return nil }
        var base64 = token.replacing("-", with: "+").replacing("_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let micros = Int64(parts[1]), Self.createdAtRange.contains(micros),
            let id = UUID(uuidString: String(parts[2]))
        else { return nil }
        self.init(createdAtMicroseconds: micros, id: id)
        // Only the canonical spelling (no `+007`, no upper-case id, no stray base64 bits) is one the API made.
        guard encoded == token else { return nil }
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
