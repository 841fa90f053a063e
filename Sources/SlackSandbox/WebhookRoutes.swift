import Foundation
import Hummingbird

/// `POST /services/{team}/{channel}/{secret}`: Slack's incoming-webhook contract, answered in plain text as Slack
/// does: `200 ok`, `400 invalid_payload` or `no_text`, `403`/`404`/`410` for a dead hook, `429` with
/// `Retry-After`, and the 5xx a fault asks for.
struct WebhookRoutes {
    let workspace: SlackWorkspace

    /// The largest body Slack's front end would take; a larger one is an invalid payload.
    static let maximumBody = 1 << 20

    /// The routes, to be added at the root.
    var routes: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.post("services/:team/:channel/:secret", use: self.post)
        return routes
    }

    @Sendable func post(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let address = SlackHookAddress(
            team: try context.parameters.require("team"),
            channel: try context.parameters.require("channel"),
            secret: try context.parameters.require("secret"))
        let body = try? await request.body.collect(upTo: Self.maximumBody)
        do {
            switch try await workspace.post(to: address, { sequence in
                try Self.message(body.map { Data($0.readableBytesView) }, address: address, sequence: sequence)
            }) {
            case .accepted:
                return Self.plain(.ok, "ok")
            case .dead(let reason):
                return Self.plain(.init(code: reason.status), reason.rawValue)
            case .fault(let fault) where fault.status == 429:
                var response = Self.plain(.tooManyRequests, "rate_limited")
                response.headers[.retryAfter] = String(fault.retryAfter ?? 1)
                return response
            case .fault(let fault):
                return Self.plain(.init(code: fault.status), "internal_error")
            }
        } catch let refusal as PayloadRefusal {
            return Self.plain(.badRequest, refusal.rawValue)
        }
    }

    /// Why a payload is refused: not a JSON object, or a message with neither `text` nor `blocks`.
    enum PayloadRefusal: String, Error {
        case invalidPayload = "invalid_payload"
        case noText = "no_text"
    }

    /// The message a payload stands for, or the refusal Slack would answer.
    static func message(_ body: Data?, address: SlackHookAddress, sequence: Int) throws -> ReceivedMessage {
        guard let body, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw PayloadRefusal.invalidPayload
        }
        let text = object["text"]
        let blocks = object["blocks"]
        guard text == nil || text is String, blocks == nil || blocks is [Any] else {
            throw PayloadRefusal.invalidPayload
        }
        let textValue = text as? String ?? ""
        let blockList = blocks as? [Any] ?? []
        // Slack posts a blocks-only message (the text is then only the notification's fallback).
        guard !textValue.isEmpty || !blockList.isEmpty else { throw PayloadRefusal.noText }
        let blocksText = try blocks.map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
        }
        return ReceivedMessage(
            sequence: sequence, team: address.team, channel: address.channel, text: textValue, blocks: blocksText)
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
