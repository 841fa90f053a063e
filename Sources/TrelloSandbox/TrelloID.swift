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

    /// A new id made of 96 random bits from `generator`.
    static func make(using generator: inout SplitMix64) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        for (word, digits) in [(generator.next(), 16), (generator.next(), 8)] {
            for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                bytes.append(self.hexDigits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
