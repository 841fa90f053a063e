import Foundation
import Hummingbird
import NIOCore

/// The webhooks: registered through `/1/webhooks`, fed every action the board records, delivered in order by one
/// courier loop that retries and, after `WebhookSettings.failureLimit` failed deliveries in a row, deactivates.
extension SandboxState {
    /// Registers a webhook whose callback already answered the `HEAD` check; Trello's 400s for a model it does not
    /// know and for a duplicate.
    func register(callbackURL: String, idModel: String, description: String, active: Bool) throws(TrelloError) -> Webhook {
        let known = try self.withStore { store throws(TrelloError) in
            (try? store.board(idModel)) != nil || (try? store.card(idModel)) != nil
        }
        guard known else { throw .invalidValue("idModel") }
        guard !self.webhooks.contains(where: { $0.callbackURL == callbackURL && $0.idModel == idModel }) else {
            throw TrelloError(status: .badRequest, body: .text("A webhook with that callback, model, and token already exists"))
        }
        let id = try self.withStore { store throws(TrelloError) in store.makeOrderedID(at: TrelloDate.currentMilliseconds()) }
        let webhook = Webhook(id: id, description: description, idModel: idModel, callbackURL: callbackURL, active: active)
        self.webhooks.append(webhook)
        self.startCourier()
        return webhook
    }

    /// The webhook `id`, or Trello's 404.
    func webhook(_ id: String) throws(TrelloError) -> Webhook {
        guard let webhook = self.webhooks.first(where: { $0.id == id }) else { throw .resourceNotFound }
        return webhook
    }

    /// Changes what `PUT /1/webhooks/{id}` names; turning a webhook back on clears its failures, as Trello does.
    func updateWebhook(_ id: String, active: Bool?, callbackURL: String?, description: String?) throws(TrelloError) -> Webhook {
        guard let index = self.webhooks.firstIndex(where: { $0.id == id }) else { throw .resourceNotFound }
        if let active {
            if active && !self.webhooks[index].active {
                self.webhooks[index].consecutiveFailures = 0
                self.webhooks[index].firstConsecutiveFailDate = nil
            }
            self.webhooks[index].active = active
        }
        if let callbackURL { self.webhooks[index].callbackURL = callbackURL }
        if let description { self.webhooks[index].description = description }
        return self.webhooks[index]
    }

    /// Deletes webhook `id`, or Trello's 404.
    func deleteWebhook(_ id: String) throws(TrelloError) {
        guard self.webhooks.contains(where: { $0.id == id }) else { throw .resourceNotFound }
        self.webhooks.removeAll { $0.id == id }
    }

    /// Queues `actions` for every active webhook on their board or card; nothing to do, and no work, without one.
    func announce(_ actions: [CardAction]) {
        guard self.webhooks.contains(where: \.active) else { return }
        for action in actions {
            let body: JSONValue = .object([
                .init("action", action.json),
                .init("model", .object([
                    .init("id", .string(action.board.id)), .init("name", .string(action.board.name)),
                    .init("shortLink", .string(action.board.shortLink)),
                ])),
            ])
            let data = Data(body.serialized().readableBytesView)
            for webhook in self.webhooks where webhook.active && (webhook.idModel == action.board.id || webhook.idModel == action.card.id) {
                self.deliveries.yield(WebhookDelivery(webhookID: webhook.id, callbackURL: webhook.callbackURL, body: data))
            }
        }
    }

    /// Whether webhook `id` still exists and is active, so a retry is still wanted.
    func wantsDelivery(_ id: String) -> Bool {
        self.webhooks.contains { $0.id == id && $0.active }
    }

    /// Counts a delivery's outcome: success clears the failures; a failure counts, and deactivates at the limit;
    /// 410 Gone deletes the webhook, as Trello does.
    func recordDelivery(_ id: String, status: Int?) {
        guard let index = self.webhooks.firstIndex(where: { $0.id == id }) else { return }
        if status == 410 {
            self.webhooks.remove(at: index)
        } else if let status, (200..<300).contains(status) {
            self.webhooks[index].consecutiveFailures = 0
            self.webhooks[index].firstConsecutiveFailDate = nil
        } else {
            self.webhooks[index].consecutiveFailures += 1
            if self.webhooks[index].firstConsecutiveFailDate == nil { self.webhooks[index].firstConsecutiveFailDate = TrelloDate.now() }
            if self.webhooks[index].consecutiveFailures >= self.configuration.webhooks.failureLimit {
                self.webhooks[index].active = false
            }
        }
    }

    /// Starts the one loop that sends deliveries, in order, each with its retries; it ends with the sandbox.
    private func startCourier() {
        guard !self.courierStarted else { return }
        self.courierStarted = true
        let (queue, call, settings) = (self.pendingDeliveries, self.webhookCall, self.configuration.webhooks)
        Task { [weak self] in
            for await delivery in queue {
                var status: Int?
                for attempt in 0..<settings.attempts {
                    guard let self, await self.wantsDelivery(delivery.webhookID) else { break }
                    if attempt > 0 {
                        try? await Task.sleep(for: .milliseconds(settings.retryMilliseconds << min(attempt - 1, 16)))
                    }
                    status = await call.post(delivery.body, to: delivery.callbackURL)
                    if let status, (200..<300).contains(status) || status == 410 { break }
                }
                await self?.recordDelivery(delivery.webhookID, status: status)
            }
        }
    }
}
