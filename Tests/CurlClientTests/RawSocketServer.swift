import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP server on 127.0.0.1 that misbehaves on purpose, which a real HTTP server cannot be made to do.
///
/// It serves one connection at a time on its own thread (blocking calls stay off the cooperative pool).
final class RawSocketServer: Sendable {
    /// How the server treats each connection.
    enum Behaviour: Sendable {
        /// Reads the request, then closes without a byte of answer: "did it, then dropped the connection".
        case dropRequest
        /// Answers the first request properly and keeps the connection open, then reads the second and closes.
        case answerFirstThenDrop
    }

    /// The port the server listens on.
    let port: Int
    private let listener: Int32
    private let requestCount = Mutex(0)

    /// How many complete requests the server has read.
    var requestsReceived: Int { requestCount.withLock { $0 } }

    init(_ behaviour: Behaviour) throws {
        let (listener, port) = try Self.listen()
        self.listener = listener
        self.port = port
        let thread = Thread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { break }  // the listener was shut down
                serve(connection, behaviour)
                close(connection)
            }
            // Closed here, not in stop(): were its number freed while this loop might still call accept, the
            // next socket opened (another test's server) could get it, and this thread would serve that
            // server's connections.
            close(listener)
        }
        thread.start()
    }

    /// Stops accepting connections; the accept loop ends and closes the listener.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// A port on 127.0.0.1 that nothing listens on: bound, then released.
    static func closedPort() throws -> Int {
        let (socket, port) = try listen()
        close(socket)
        return port
    }

    private func serve(_ connection: Int32, _ behaviour: Behaviour) {
        // Long enough for a starved test to send its second request: when this read gave up first (5 s, on a
        // loaded machine), the server closed the connection early and the client's next request went on a new
        // one. A thread left waiting after its test ended holds nothing another test needs.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard readRequest(connection) else { return }
        if case .answerFirstThenDrop = behaviour {
            let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nfirst".utf8)
            _ = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            _ = readRequest(connection)
        }
    }

    /// Reads one request (headers and a Content-Length body) and counts it; false when the peer went away first.
    private func readRequest(_ connection: Int32) -> Bool {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = received.firstRange(of: separator) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n")
                    .first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count - end.upperBound >= length {
                    requestCount.withLock { $0 += 1 }
                    return true
                }
            }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            received.append(contentsOf: chunk[..<count])
        }
    }

    private static func listen() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0, Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw SocketError()
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

struct SocketError: Error {}
