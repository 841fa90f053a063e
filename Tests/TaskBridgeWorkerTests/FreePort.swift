import Foundation

/// A TCP port nothing listens on right now, for a server that must know its own address before it starts.
enum FreePort {
    /// Binds a socket to port 0 on loopback, reads the port the system chose, and closes it.
    static func pick() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FreePortError() }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw FreePortError() }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// No free port could be found.
struct FreePortError: Error {}
