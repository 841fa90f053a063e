import Foundation
import TaskBridgeCore

/// The addresses a host name resolves to, looked up with `getaddrinfo` on a thread of its own: the call blocks, and
/// must never hold one of the cooperative pool's few threads.
enum HostResolver {
    /// Every address of `host` (a literal stands for itself); empty when it does not resolve.
    static func addresses(of host: String) async -> [IPAddress] {
        if let literal = IPAddress(literal: host) { return [literal] }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: lookUp(host)) }
        }
    }

    private static func lookUp(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            if let socket = info.ai_addr {
                switch info.ai_family {
                case AF_INET:
                    var address = socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    addresses += [IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) })].compactMap { $0 }
                case AF_INET6:
                    var address = socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses += [IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) })].compactMap { $0 }
                default:
                    break
                }
            }
            entry = info.ai_next
        }
        return addresses
    }
}
