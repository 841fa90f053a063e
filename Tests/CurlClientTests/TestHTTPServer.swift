import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A Hummingbird server on 127.0.0.1 and a free port, with the routes the client tests need.
///
/// This file alone imports Hummingbird, whose `HTTPRequest`/`HTTPResponse` would clash with the client's.
struct TestHTTPServer: Sendable {
    /// The port the server listens on.
    let port: Int
    private let peers: PeerLog

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// How many distinct client connections reached `/peer`.
    var peerConnectionCount: Int { peers.count }

    /// Runs `body` while the server runs, then stops the server.
    static func run<Result: Sendable>(
        _ body: @Sendable (TestHTTPServer) async throws -> Result
    ) async throws -> Result {
        let peers = PeerLog()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "CurlClientTests.server")
        logger.logLevel = .warning
        let app = Application(
            router: router(peers: peers),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                throw ServerDidNotStart()
            }
            return try await body(TestHTTPServer(port: port, peers: peers))
        }
    }

    private static func router(peers: PeerLog) -> Router<PeerRequestContext> {
        let router = Router(context: PeerRequestContext.self)
        // Echoes what the client sent, so the tests can check method, query and headers arrived.
        router.on("/inspect", method: .get, use: inspect)
        router.on("/inspect", method: .head, use: inspect)
        router.on("/inspect", method: .put, use: inspect)
        router.on("/inspect", method: .delete, use: inspect)
        router.on("/inspect", method: .patch, use: inspect)
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers = HTTPFields()
            headers[.contentType] = request.headers[.contentType] ?? "application/octet-stream"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        router.get("/status/{code}") { _, context -> Response in
            let code = try context.parameters.require("code", as: Int.self)
            return Response(
                status: .init(code: code),
                body: .init(byteBuffer: ByteBuffer(string: "status body \(code)"))
            )
        }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(2))
            return "late"
        }
        router.get("/peer") { _, context -> String in
            peers.record(context.remotePort)
            return "ok"
        }
        return router
    }

    @Sendable private static func inspect(_ request: Request, _ context: PeerRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let text = [
            request.method.rawValue,
            request.uri.query ?? "",
            request.headers[.init("X-Test")!] ?? "",
            "\(body.readableBytes)",
        ].joined(separator: "|")
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        headers[.init("X-Rate-Limit-Api-Token-Remaining")!] = "99"
        headers.append(.init(name: .init("X-Repeated")!, value: "one"))
        headers.append(.init(name: .init("X-Repeated")!, value: "two"))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The request context of the test server: it remembers which client port a request came from.
struct PeerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remotePort: Int?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remotePort = source.channel.remoteAddress?.port
    }
}

/// The distinct client ports seen: one per connection the client opened.
final class PeerLog: Sendable {
    private let ports = Mutex(Set<Int>())

    func record(_ port: Int?) {
        guard let port else { return }
        _ = ports.withLock { $0.insert(port) }
    }

    var count: Int { ports.withLock { $0.count } }
}

struct ServerDidNotStart: Error {}
