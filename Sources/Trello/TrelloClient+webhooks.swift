import CurlClient

extension TrelloClient {
    /// The webhooks of the client's token. Trello lists them only under the token's own path.
    public func webhooks() async throws(TrelloError) -> TrelloReply<[TrelloWebhook]> {
        try await send(.webhooks, ids: [credentials.token])
    }

    /// Registers a webhook on `model`; Trello first sends a `HEAD` to `callbackURL` and refuses with a 400 unless
    /// it answers 200.
    public func createWebhook(model: String, callbackURL: String, description: String) async throws(TrelloError)
        -> TrelloReply<TrelloWebhook>
    {
        try await send(
            .createWebhook, ids: [],
            body: ["idModel": model, "callbackURL": callbackURL, "description": description])
    }

    /// Turns webhook `id` back on, as after Trello deactivated it for failing.
    public func activateWebhook(_ id: String) async throws(TrelloError) -> TrelloReply<TrelloWebhook> {
        try await send(.updateWebhook, ids: [id], body: ["active": "true"])
    }

    /// Deletes webhook `id`.
    public func deleteWebhook(_ id: String) async throws(TrelloError) {
        let _: TrelloReply<DeletedWebhook> = try await send(.deleteWebhook, ids: [id])
    }

    /// Trello's answer to a delete, `{"_value": null}`, read for its status only.
    private struct DeletedWebhook: Decodable, Sendable {}
}

extension TrelloOperation {
    /// The token's webhooks.
    public static let webhooks = TrelloOperation(name: "webhooks", method: .get, path: "/tokens/{id}/webhooks")
    /// Registering a webhook.
    public static let createWebhook = TrelloOperation(name: "create_webhook", method: .post, path: "/webhooks")
    /// Changing a webhook.
    public static let updateWebhook = TrelloOperation(name: "update_webhook", method: .put, path: "/webhooks/{id}")
    /// Deleting a webhook.
    public static let deleteWebhook = TrelloOperation(name: "delete_webhook", method: .delete, path: "/webhooks/{id}")
}
