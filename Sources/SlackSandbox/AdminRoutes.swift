import Foundation
import Hummingbird

/// `/_slack/...`: what tests and `make run` use to make and kill hooks, inject faults and read what arrived.
/// No authentication: the stand-in is for local use only.
struct AdminRoutes {
    let workspace: SlackWorkspace

    /// The routes, to be added under `/_slack`.
    var routes: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.get("health", use: self.health)
        routes.post("hooks", use: self.create)
        routes.post("hooks/:team/:channel/:secret/kill", use: self.kill)
        routes.put("faults", use: self.fault)
        routes.get("messages", use: self.messages)
        routes.post("reset", use: self.reset)
        return routes
    }

    /// What `POST /_slack/hooks` takes: the secret is made up when absent.
    struct HookRequest: Decodable {
        var team: String?
        var channel: String?
        var secret: String?
    }

    /// What `POST /_slack/hooks/.../kill` takes: the reason, `no_service` (the hook is removed) when absent.
    struct KillRequest: Decodable {
        var reason: DeadHookReason?
    }

    /// What `POST /_slack/hooks` answers: the address and the path to post to.
    struct HookReply: ResponseEncodable {
        var team: String
        var channel: String
        var secret: String
        var path: String
    }

    /// What `GET /_slack/messages` answers, oldest first.
    struct MessagesReply: ResponseEncodable {
        var messages: [ReceivedMessage]
    }

    @Sendable func health(_ request: Request, context: BasicRequestContext) async throws -> String {
        "ok"
    }

    /// Adds a live hook; answers 201 with its path.
    @Sendable func create(_ request: Request, context: BasicRequestContext) async throws -> EditedResponse<HookReply> {
        let wanted = try await request.decode(as: HookRequest.self, context: context)
        let address = SlackHookAddress(
            team: try Self.part(wanted.team ?? "T0001", "team"),
            channel: try Self.part(wanted.channel ?? "C0001", "channel"),
            secret: try Self.part(wanted.secret ?? Self.newSecret(), "secret"))
        await workspace.create(address)
        let reply = HookReply(team: address.team, channel: address.channel, secret: address.secret, path: address.path)
        return EditedResponse(status: .created, response: reply)
    }

    /// Makes a hook dead for `reason`; 404 when there is no such hook.
    @Sendable func kill(_ request: Request, context: BasicRequestContext) async throws -> HTTPResponse.Status {
        let address = SlackHookAddress(
            team: try context.parameters.require("team"),
            channel: try context.parameters.require("channel"),
            secret: try context.parameters.require("secret"))
        let reason = try await request.decode(as: KillRequest.self, context: context).reason ?? .noService
        guard await workspace.kill(address, reason: reason) else {
            throw HTTPError(.notFound, message: "no such hook")
        }
        return .noContent
    }

    /// Sets the answer of the next `count` posts to any hook.
    @Sendable func fault(_ request: Request, context: BasicRequestContext) async throws -> HTTPResponse.Status {
        let fault = try await request.decode(as: HookFault.self, context: context)
        if let problem = fault.problem { throw HTTPError(.badRequest, message: problem) }
        await workspace.setFault(fault)
        return .noContent
    }

    /// Every accepted message, oldest first; `?team=` and `?channel=` narrow the list.
    @Sendable func messages(_ request: Request, context: BasicRequestContext) async throws -> MessagesReply {
        let team = request.uri.queryParameters.get("team")
        let channel = request.uri.queryParameters.get("channel")
        let messages = await workspace.messages.filter { message in
            (team == nil || message.team == team) && (channel == nil || message.channel == channel)
        }
        return MessagesReply(messages: messages)
    }

    /// Forgets every hook, message and fault; answers 204.
    @Sendable func reset(_ request: Request, context: BasicRequestContext) async throws -> HTTPResponse.Status {
        await workspace.reset()
        return .noContent
    }

    /// A path part: letters, digits, `-` and `_` only, so it round-trips through a URL unchanged.
    private static func part(_ value: String, _ name: String) throws -> String {
        let allowed = value.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_")
        }
        guard !value.isEmpty, allowed else {
            throw HTTPError(.badRequest, message: "\(name) must be letters, digits, - or _")
        }
        return value
    }

    /// 24 letters and digits, the shape of Slack's own hook secrets.
    private static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }
}
