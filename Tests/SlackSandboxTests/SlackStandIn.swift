import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SlackSandbox
import Testing

/// A stand-in of a test's own, reached through Hummingbird's router test client, with helpers for its routes.
struct SlackStandIn {
    /// One answer: status, `Retry-After` and body text.
    struct Reply {
        let status: Int
        let retryAfter: String?
        let body: String
    }

    let client: any TestClientProtocol

    /// Runs `body` against a fresh stand-in.
    static func with(_ body: @Sendable (SlackStandIn) async throws -> Void) async throws {
        var logger = Logger(label: "slack-sandbox")
        logger.logLevel = .warning
        try await buildSlackSandbox(configuration: .init(port: 0), logger: logger).test(.router) { client in
            try await body(SlackStandIn(client: client))
        }
    }

    /// Sends a request with an optional body.
    func send(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil) async throws -> Reply {
        let response = try await client.executeRequest(
            uri: uri, method: method, headers: [.contentType: "application/json"], body: body.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), retryAfter: response.headers[.retryAfter], body: String(buffer: response.body))
    }

    /// Makes a live hook and returns its path.
    func hook(team: String = "T1", channel: String = "C1", secret: String = "s3cret") async throws -> String {
        let reply = try await send(.post, "/_slack/hooks", body: #"{"team":"\#(team)","channel":"\#(channel)","secret":"\#(secret)"}"#)
        #expect(reply.status == 201)
        return "/services/\(team)/\(channel)/\(secret)"
    }

    /// Every message the stand-in accepted, oldest first.
    func messages(query: String = "") async throws -> [ReceivedMessage] {
        let reply = try await send(.get, "/_slack/messages\(query)")
        struct Listing: Decodable { let messages: [ReceivedMessage] }
        return try JSONDecoder().decode(Listing.self, from: Data(reply.body.utf8)).messages
    }
}
