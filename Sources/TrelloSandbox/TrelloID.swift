/// Trello's object ids: 24 hexadecimal characters (a MongoDB ObjectId).
enum TrelloID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether `text` has the shape of a Trello id (`^[0-9a-fA-F]{24}$`).
    static func isValid(_ text: some StringProtocol) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 24 else { return false }
        return utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
        }
    }

    /// The id in the lower-case form the sandbox stores, or nil when it is malformed.
    static func normalized(_ text: some StringProtocol) -> String? {
        self.isValid(text) ? String(text).lowercased() : nil
    }

    /// An id that sorts by creation, as a MongoDB ObjectId does: the creation second in its first 8 hex digits,
    /// then a store-wide sequence number, so ids made later (even within one second) compare greater.
    static func make(second: Int64, sequence: UInt64) -> String {
        self.hex(UInt64(truncatingIfNeeded: second) & 0xFFFF_FFFF, digits: 8) + self.hex(sequence, digits: 16)
    }

    /// The smallest id of `second`: ids compared with it tell objects made before that second from the rest.
    static func lowerBound(ofSecond second: Int64) -> String {
        self.make(second: second, sequence: 0)
    }

    /// The creation second of an id made by `make(second:sequence:)`.
    static func second(of id: String) -> Int64? {
        UInt64(id.prefix(8), radix: 16).map { Int64($0) }
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            bytes.append(self.hexDigits[Int((value >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A new id made of 96 random bits from `generator`.
    static func make(using generator: inout SplitMix64) -> String {
        let high = generator.next()
        return self.hex(high, digits: 16) + self.hex(generator.next(), digits: 8)
    }
}
