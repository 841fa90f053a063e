import CurlClient
import Foundation

/// One Slack incoming webhook: posts messages to its channel and sorts every failure by whose fault it is.
///
/// The URL is the credential: it is never logged, and never part of an error.
public struct SlackWebhook: Sendable {
    /// The hook's URL, `https://hooks.slack.com/services/T.../B.../...`.
    public let url: String
    /// The longest time one post may take.
    public let timeout: Duration
    private let session: HTTPSession

    /// Makes a webhook client on `session`.
    public init(url: String, session: HTTPSession, timeout: Duration = .seconds(10)) {
        self.url = url
        self.session = session
        self.timeout = timeout
    }

    /// Posts a message: `text`, and `blocks` when given (the text is then the notification's fallback).
    ///
    /// Returns once Slack answered `200 ok`; throws `SlackError` otherwise, or `CancellationError`.
    public func post(text: String, blocks: [SlackBlock] = []) async throws -> Void {
        let body = try Self.body(text: text, blocks: blocks)
        var request = HTTPRequest(
            method: .post, url: url, headers: ["Content-Type": "application/json; charset=utf-8"], body: body,
            timeout: timeout)
        // A post is not idempotent: libcurl must not repeat it silently on a dead reused connection.
        request.isIdempotent = false
        let response: HTTPResponse
        do {
            response = try await session.execute(request)
        } catch let error as HTTPClientError {
            throw Self.transportError(error)
        }
        guard response.isSuccess else {
            let retryAfter = response.headers["Retry-After"].flatMap(Int.init).map { Duration.seconds(max($0, 0)) }
            throw SlackError(
                status: response.status,
                message: response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines),
                retryAfter: retryAfter)
        }
    }

    /// The JSON body, made by an encoder so that quotes, backslashes and control characters are escaped.
    static func body(text: String, blocks: [SlackBlock]) throws -> [UInt8] {
        struct Payload: Encodable {
            let text: String
            let blocks: [SlackBlock]?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Payload(text: text, blocks: blocks.isEmpty ? nil : blocks)))
    }

    private static func transportError(_ error: HTTPClientError) -> SlackError {
        // An unusable URL never gets better by waiting: the hook is as good as dead.
        let kind: SlackError.Kind = error.kind == .invalidRequest ? .deadHook : .transient
        return SlackError(kind: kind, message: "\(error.kind): \(error.detail)", mayHaveBeenPosted: error.requestWasSent)
    }
}
