import CurlClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SlackSandbox
import Testing

/// A Slack stand-in of a test's own, served over real HTTP on a free port, steered through its admin routes.
struct LiveSlack {
    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    let session: HTTPSession

    /// Runs `body` with a fresh stand-in and an HTTP session, both stopped afterwards.
    static func with(_ body: @Sendable (LiveSlack) async throws -> Void) async throws {
        var logger = Logger(label: "slack-sandbox")
        logger.logLevel = .warning
        let session = try HTTPSession(configuration: .init(timeout: .seconds(10)))
        let outcome: Swift.Result<Void, any Error>
        do {
            outcome = .success(
                try await buildSlackSandbox(configuration: .init(port: 0), logger: logger).test(.live) { client in
                    try await body(LiveSlack(baseURL: "http://127.0.0.1:\(try #require(client.port))", session: session))
                })
        } catch {
            outcome = .failure(error)
        }
        await session.shutdown()
        try outcome.get()
    }

    /// Sends an admin request and checks it succeeded.
    func admin(_ method: CurlClient.HTTPMethod, _ path: String, _ json: String = "{}") async throws {
        let request = CurlClient.HTTPRequest(
            method: method, url: baseURL + "/_slack" + path, headers: ["Content-Type": "application/json"],
            body: Array(json.utf8))
        try await session.execute(request).ensureSuccess()
    }

    /// Makes a live hook and returns its full URL.
    func hook(channel: String = "C1") async throws -> String {
        try await admin(.post, "/hooks", #"{"team":"T1","channel":"\#(channel)","secret":"s3cret"}"#)
        return "\(baseURL)/services/T1/\(channel)/s3cret"
    }

    /// Every message the stand-in accepted, oldest first.
    func messages() async throws -> [ReceivedMessage] {
        let response = try await session.execute(CurlClient.HTTPRequest(url: baseURL + "/_slack/messages")).ensureSuccess()
        struct Listing: Decodable { let messages: [ReceivedMessage] }
        return try JSONDecoder().decode(Listing.self, from: Data(response.body)).messages
    }
}
