import CurlClient
import Testing

@Suite("HTTPSession against a local Hummingbird server", .timeLimit(.minutes(3)))
struct HTTPSessionTests {
    private struct Payload: Codable, Equatable {
        var name: String
        var filler: String
    }

    @Test("GET sends the query and headers, and response headers are read whatever their case")
    func getWithHeadersAndQuery() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let request = HTTPRequest(url: server.baseURL + "/inspect?board=b1&name=a%20b", headers: ["X-Test": "yes"])
            let response = try await session.execute(request)
            await session.shutdown()

            #expect(response.status == 200)
            #expect(response.bodyText == "GET|board=b1&name=a%20b|yes|0")
            #expect(response.headers["x-rate-limit-api-token-remaining"] == "99")
            #expect(response.headers["X-RATE-LIMIT-API-TOKEN-REMAINING"] == "99")
            #expect(response.headers.values(for: "x-repeated") == ["one", "two"])
            #expect(response.headers["content-type"] == "text/plain")
        }
    }

    @Test("POST with a 100 KB JSON body is echoed back intact")
    func postLargeJSON() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let payload = Payload(name: "card", filler: String(repeating: "abcdefghij", count: 10_000))
            let request = try HTTPRequest.json(.post, url: server.baseURL + "/echo", body: payload)
            let response = try await session.execute(request)
            await session.shutdown()

            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.body.count > 100_000)
            #expect(try response.decode(Payload.self) == payload)
        }
    }

    @Test("PUT, PATCH, DELETE and HEAD reach the server with their own method", arguments: [
        (HTTPMethod.put, "PUT|", "3"), (.patch, "PATCH|", "3"), (.delete, "DELETE|", "0"),
    ])
    func otherMethods(method: HTTPMethod, prefix: String, bodyLength: String) async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let body: [UInt8]? = method == .delete ? nil : Array("abc".utf8)
            let request = HTTPRequest(method: method, url: server.baseURL + "/inspect", body: body)
            let response = try await session.execute(request)
            let head = try await session.execute(HTTPRequest(method: .head, url: server.baseURL + "/inspect"))
            await session.shutdown()

            #expect(response.bodyText == prefix + "||" + bodyLength)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["x-rate-limit-api-token-remaining"] == "99")
        }
    }

    @Test("4xx and 5xx are responses, and ensureSuccess turns them into a status error", arguments: [404, 500])
    func unsuccessfulStatus(code: Int) async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let response = try await session.execute(HTTPRequest(url: server.baseURL + "/status/\(code)"))
            await session.shutdown()

            #expect(response.status == code)
            #expect(response.bodyText == "status body \(code)")
            let error = try #require(throws: HTTPClientError.self) { try response.ensureSuccess() }
            #expect(error.kind == .status)
            #expect(error.status == code)
            #expect(error.bodyText == "status body \(code)")
            #expect(error.requestWasSent)
            #expect(error.description.contains("status \(code)"))
        }
    }

    @Test("ensureSuccess returns a 2xx response unchanged")
    func successfulStatus() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession()
            let response = try await session.execute(HTTPRequest(url: server.baseURL + "/status/201"))
            await session.shutdown()

            #expect(try response.ensureSuccess().status == 201)
        }
    }

    @Test("a response larger than maxResponseBodySize fails with responseTooLarge")
    func responseTooLarge() async throws {
        try await TestHTTPServer.run { server in
            let session = try HTTPSession(configuration: .init(maxResponseBodySize: 1000))
            let url = server.baseURL + "/echo"
            let request = HTTPRequest(method: .post, url: url, body: Array(repeating: 65, count: 5000))
            let error = await #expect(throws: HTTPClientError.self) { try await session.execute(request) }
            let small = try await session.execute(HTTPRequest(method: .post, url: url, body: [66]))
            await session.shutdown()

            #expect(error?.kind == .responseTooLarge)
            #expect(small.bodyText == "B")
        }
    }
}
