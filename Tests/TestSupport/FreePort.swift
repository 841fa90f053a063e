import Foundation

/// TCP ports for servers that must know their own address before they start.
public enum FreePort {
    /// A loopback port that nothing holds right now, below the kernel's ephemeral range. A port from that range
    /// can be handed to any outgoing connection, or to a server binding port 0, before ours binds it; below it,
    /// only another test picking the same one can take it, so a caller still tries another on "address in use".
    public static func pick() throws -> Int {
        let firstEphemeral = ephemeralRangeStart()
        for _ in 0..<200 {
            let port = Int.random(in: 10_000..<firstEphemeral)
            if isFree(port) { return port }
        }
        throw FreePortError()
    }

    /// The first port of `ip_local_port_range`, or Linux's default when it cannot be read.
    private static func ephemeralRangeStart() -> Int {
        let range = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        let first = range?.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        return max(first ?? 32_768, 10_001)
    }

    /// Whether a socket can bind the loopback `port` now.
    private static func isFree(_ port: Int) -> Bool {
        succeedsOnLoopback(port: port, bind)
    }
}

/// No free port could be found.
public struct FreePortError: Error {}
