import CurlClient
import Testing

@Suite("HTTPSession failures: each one has its own kind", .timeLimit(.minutes(3)))
struct HTTPSessionFailureTests {
    @Test("a total timeout against a slow route fails with timedOut, after the request was sent")
    func totalTimeout() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let request = HTTPRequest(url: server.baseURL + "/slow", timeout: .milliseconds(200))
            let error = await #expect(throws: HTTPClientError.self) { try await session.execute(request) }
            let next = try await session.execute(HTTPRequest(url: server.baseURL + "/peer"))
            await session.shutdown()

            #expect(error?.kind == .timedOut)
            #expect(error?.requestWasSent == true)
            #expect(next.status == 200)
        }
    }

    @Test("a closed port fails with couldNotConnect, and nothing was sent")
    func connectionRefused() async throws {
        let port = try RawSocketServer.closedPort()
        let session = try HTTPSession()
        let request = HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/cards?token=secret", body: [1])
        let error = await #expect(throws: HTTPClientError.self) { try await session.execute(request) }
        await session.shutdown()

        #expect(error?.kind == .couldNotConnect)
        #expect(error?.requestWasSent == false)
        #expect(error?.description.contains("secret") == false)
    }

    @Test("an unknown host fails with couldNotConnect")
    func unknownHost() async throws {
        let session = try HTTPSession()
        let error = await #expect(throws: HTTPClientError.self) {
            try await session.execute(HTTPRequest(url: "http://no-such-host.invalid/"))
        }
        await session.shutdown()

        #expect(error?.kind == .couldNotConnect)
    }

    @Test("a server that reads the request and closes without answering gives connectionDropped")
    func droppedConnection() async throws {
        try await withRawServer(.dropRequest) { server, session in
            let request = HTTPRequest(method: .post, url: "http://127.0.0.1:\(server.port)/cards", body: Array("{}".utf8))
            let error = await #expect(throws: HTTPClientError.self) { try await session.execute(request) }
            #expect(error?.kind == .connectionDropped)
            #expect(error?.requestWasSent == true)
            #expect(server.requestsReceived == 1)
        }
    }

    @Test("a POST on a reused connection that drops is not resent: connectionDropped, and the server saw it once")
    func noSilentResendOfPost() async throws {
        try await withRawServer(.answerFirstThenDrop) { server, session in
            let url = "http://127.0.0.1:\(server.port)/cards"
            let first = try await session.execute(HTTPRequest(method: .post, url: url, body: Array("1".utf8)))
            let error = await #expect(throws: HTTPClientError.self) {
                try await session.execute(HTTPRequest(method: .post, url: url, body: Array("2".utf8)))
            }
            #expect(first.bodyText == "first")
            #expect(error?.kind == .connectionDropped)
            #expect(error?.requestWasSent == true)
            #expect(server.requestsReceived == 2)
        }
    }

    @Test("a GET on a reused connection that drops is resent once on a fresh connection")
    func silentResendOfGet() async throws {
        try await withRawServer(.answerFirstThenDrop) { server, session in
            let url = "http://127.0.0.1:\(server.port)/board"
            let first = try await session.execute(HTTPRequest(url: url))
            let second = try await session.execute(HTTPRequest(url: url))
            #expect(first.bodyText == "first")
            #expect(second.bodyText == "first")
            #expect(server.requestsReceived == 3)
        }
    }

    @Test("https against a plain HTTP server fails with a TLS error")
    func tlsFailure() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let error = await #expect(throws: HTTPClientError.self) {
                try await session.execute(HTTPRequest(url: "https://127.0.0.1:\(server.port)/peer"))
            }
            await session.shutdown()

            #expect(error?.kind == .tls)
        }
    }

    @Test("requests libcurl must not see are refused before anything is sent", arguments: [
        HTTPRequest(url: "http://127.0.0.1:1/", headers: ["X-Injected": "a\r\nAuthorization: b"]),
        HTTPRequest(url: "http://127.0.0.1:1/", headers: ["Bad Name": "a"]),
        HTTPRequest(method: HTTPMethod(rawValue: "GET /x"), url: "http://127.0.0.1:1/"),
        HTTPRequest(method: .head, url: "http://127.0.0.1:1/", body: [1]),
        HTTPRequest(url: "ftp://127.0.0.1:1/file"),
        HTTPRequest(url: "not a url"),
    ])
    func invalidRequests(request: HTTPRequest) async throws {
        let session = try HTTPSession()
        let error = await #expect(throws: HTTPClientError.self) { try await session.execute(request) }
        await session.shutdown()

        #expect(error?.kind == .invalidRequest)
        #expect(error?.requestWasSent == false)
    }

    @Test("cancelling the caller aborts the transfer with CancellationError, and the session keeps working")
    func cancellation() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let slow = Task { try await session.execute(HTTPRequest(url: server.baseURL + "/slow")) }
            try await Task.sleep(for: .milliseconds(100))
            slow.cancel()
            await #expect(throws: CancellationError.self) { try await slow.value }
            let next = try await session.execute(HTTPRequest(url: server.baseURL + "/peer"))
            await session.shutdown()

            #expect(next.status == 200)
        }
    }

    @Test("shutdown fails pending requests with shutdown, and later ones too")
    func shutdownFailsPending() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession(configuration: .init(maxConnections: 1))
            let running = Task { try await session.execute(HTTPRequest(url: server.baseURL + "/slow")) }
            let queued = Task { try await session.execute(HTTPRequest(url: server.baseURL + "/slow")) }
            try await Task.sleep(for: .milliseconds(100))
            await session.shutdown()
            await session.shutdown()

            for task in [running, queued] {
                let error = await #expect(throws: HTTPClientError.self) { try await task.value }
                #expect(error?.kind == .shutdown)
            }
            let late = await #expect(throws: HTTPClientError.self) {
                try await session.execute(HTTPRequest(url: server.baseURL + "/peer"))
            }
            #expect(late?.kind == .shutdown)
            #expect(late?.requestWasSent == false)
        }
    }

    /// Runs `body` with a fresh session and a raw server that behaves as `behaviour`, then shuts the session down
    /// and stops the server.
    private func withRawServer(
        _ behaviour: RawSocketServer.Behaviour, _ body: (RawSocketServer, HTTPSession) async throws -> Void
    ) async throws {
        let server = try RawSocketServer(behaviour)
        defer { server.stop() }
        let session = try HTTPSession()
        try await session.shutDown { try await body(server, session) }
    }
}
