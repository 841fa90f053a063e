import Hummingbird

/// `/1/webhooks` and `/1/tokens/{token}/webhooks`: registrations that make the sandbox call back, as Trello does.
struct WebhookRoutes {
    let state: SandboxState

    /// Checks the callback with a `HEAD` first and registers only on a 200, with Trello's 400 otherwise.
    @Sendable func create(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let parameters = try await RequestParameters.read(from: request, context: context)
        guard let callbackURL = parameters["callbackURL"], callbackURL.hasPrefix("http://") || callbackURL.hasPrefix("https://") else {
            throw TrelloError.invalidValue("callbackURL")
        }
        guard let idModel = parameters["idModel"].flatMap(TrelloID.normalized) else { throw TrelloError.invalidValue("idModel") }
        let active = try parameters.flag("active") ?? true
        let status = await self.state.webhookCall.head(callbackURL)
        guard status == 200 else {
            let got = status.map(String.init) ?? "no response"
            throw TrelloError(status: .badRequest, body: .text("URL (\(callbackURL)) did not return 200 status code, got \(got)"))
        }
        return try await self.state.register(
            callbackURL: callbackURL, idModel: idModel, description: parameters["description"] ?? "", active: active
        ).json
    }

    /// The token's webhooks (the sandbox has one token), oldest first.
    @Sendable func list(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        .array(await self.state.webhooks.map(\.json))
    }

    @Sendable func webhook(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        try await self.state.webhook(try context.id()).json
    }

    /// Changes `active`, `callbackURL` or `description`.
    @Sendable func update(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let parameters = try await RequestParameters.read(from: request, context: context)
        return try await self.state.updateWebhook(
            id, active: try parameters.flag("active"), callbackURL: parameters["callbackURL"],
            description: parameters["description"]
        ).json
    }

    /// Deletes the webhook; Trello answers `{"_value": null}`.
    @Sendable func delete(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        try await self.state.deleteWebhook(try context.id())
        return .object([.init("_value", .null)])
    }
}
