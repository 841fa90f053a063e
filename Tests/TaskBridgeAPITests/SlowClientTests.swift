import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import TaskBridgeAPI
import Testing

/// Slow and idle clients cannot hold the server: connections that never finish their head, trickle it, or stop
/// in the middle of a body are closed, and the connection cap keeps file descriptors bounded while other
/// clients are still served.
@Suite(.timeLimit(.minutes(3)))
struct SlowClientTests {
    @Test func halfSentHeadsAndStalledBodiesAreClosedAndOthersAreServed() async throws {
        try await APIFixture.with { fixture in
            let configure: (inout APIConfiguration) -> Void = {
                $0.idleTimeout = .milliseconds(500)
                $0.bodyTimeout = .milliseconds(500)
                $0.maxConnections = 20
            }
            let app = try await buildApplication(configuration: fixture.configuration(configure), logger: fixture.logger)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                // More slow clients than the cap: the last ten wait in the listen queue until earlier ones close.
                var slow: [any Channel] = []
                for index in 0..<30 {
                    let channel = try await Self.connect(port: port)
                    let bytes = index.isMultiple(of: 3)
                        ? "POST /v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ty"
                        : "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
                    // On a loaded machine the server may already have closed it; that is what is tested below.
                    try? await channel.writeAndFlush(ByteBuffer(string: bytes))
                    slow.append(channel)
                }
                // One more trickles a header a byte every 100 ms: activity alone does not keep a connection.
                let trickler = try await Self.connect(port: port)
                let trickle = Task {
                    try? await trickler.writeAndFlush(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nX-Drip: "))
                    while !Task.isCancelled, trickler.isActive {
                        try? await trickler.writeAndFlush(ByteBuffer(string: "a"))
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                // A well-behaved client is served while the slow ones hold their connections. (Through URLSession,
                // which opens a fresh connection when the server has closed an idle one, as real clients do; the
                // test client's own connection would sit idle past the 500 ms limit.)
                #expect(try await Self.health(port: port) == 200)

                for channel in slow + [trickler] {
                    #expect(try await Self.closesWithin(.seconds(20), channel), "a slow connection stayed open")
                }
                trickle.cancel()
                #expect(try await Self.health(port: port) == 200)
            }
        }
    }

    /// The status of `GET /healthz`, waiting at most 20 s.
    private static func health(port: Int) async throws -> Int? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        request.timeoutInterval = 20
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// A raw TCP connection to the server, with nothing in its pipeline.
    private static func connect(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
    }

    /// Whether the server closes `channel` within `limit`; the channel is closed either way.
    private static func closesWithin(_ limit: Duration, _ channel: any Channel) async throws -> Bool {
        let closed = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                (try? await channel.closeFuture.get()) != nil
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { try? await channel.close() }
            return first
        }
        return closed
    }
}
