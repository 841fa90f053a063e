/// A block of addresses, `address/prefix` (CIDR).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The network's first address.
    public let address: IPAddress
    /// How many leading bits every member shares with it.
    public let prefix: Int

    /// The network `text` spells (`10.0.0.0/8`, `fc00::/7`; a bare address is a network of one), or nil.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(literal: String(parts[0])) else { return nil }
        let bits = address.bytes.count * 8
        guard let prefix = parts.count == 2 ? Int(parts[1]) : bits, (0...bits).contains(prefix) else { return nil }
        self.address = address
        self.prefix = prefix
    }

    /// Whether `other` is in this network; an address of the other family never is.
    public func contains(_ other: IPAddress) -> Bool {
        guard other.bytes.count == address.bytes.count else { return false }
        var left = prefix
        for (mine, theirs) in zip(address.bytes, other.bytes) where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
            guard mine & mask == theirs & mask else { return false }
            left -= 8
        }
        return true
    }

    public var description: String { "\(address)/\(prefix)" }
}
