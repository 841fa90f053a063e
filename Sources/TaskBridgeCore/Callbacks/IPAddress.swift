#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address, as the callback guard compares it with blocked networks.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address in network order.
    public let bytes: [UInt8]

    /// An address from its bytes; nil unless there are 4 or 16.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The address `text` spells, or nil. IPv4 is read as the system's resolver reads it, so `2130706433`,
    /// `0x7f.1` and `127.1` are 127.0.0.1 here too: what a connection would reach, not only the dotted form.
    public init?(literal text: String) {
        var host = Substring(text)
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains("%") else { return nil }
        var v4 = in_addr()
        if host.contains(":") {
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, String(host), &v6) == 1 else { return nil }
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else if inet_aton(String(host), &v4) != 0 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else {
            return nil
        }
    }

    /// The IPv4 address an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible (`::a.b.c.d`) IPv6 address carries.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }) else { return nil }
        let marker = bytes[10..<12]
        guard marker.elementsEqual([0xFF, 0xFF]) || marker.elementsEqual([0, 0]) else { return nil }
        // `::` and `::1` are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones.
        if marker.elementsEqual([0, 0]) && bytes[12..<15].allSatisfy({ $0 == 0 }) && bytes[15] <= 1 { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    /// Dotted IPv4, or IPv6 as `inet_ntop` writes it.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return written == nil ? "?" : String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
