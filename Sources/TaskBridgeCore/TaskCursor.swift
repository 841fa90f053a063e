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

    /// Makes a cursor.
    public init(createdAtMicroseconds: Int64, id: UUID) {
        self.createdAtMicroseconds = createdAtMicroseconds
        self.id = id
    }

    /// The cursor as a URL-safe token (base64url, no padding).
    public var encoded: String {
        let text = "v1.\(createdAtMicroseconds).\(id.uuidString.lowercased())"
        return Data(text.utf8).base64EncodedString()
            .replacing("+", with: "-")
            .replacing("/", with: "_")
            .replacing("=", with: "")
    }

    /// Reads a token made by `encoded`; nil for anything else.
    public init?(encoded token: String) {
        guard token.count <= 128, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = token.replacing("-", with: "+").replacing("_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ".")
        guard parts.count == 3, parts[0] == "v1", let micros = Int64(parts[1]), let id = UUID(uuidString: String(parts[2]))
        else { return nil }
        self.init(createdAtMicroseconds: micros, id: id)
    }
}
