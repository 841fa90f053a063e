/// A webhook registered with the sandbox, as `POST /1/webhooks` makes it: Trello POSTs every action on `idModel`
/// to `callbackURL` while it is active.
struct Webhook: Sendable {
    let id: String
    var description: String
    let idModel: String
    var callbackURL: String
    var active: Bool
    /// Deliveries in a row that failed every attempt; at `WebhookSettings.failureLimit` the webhook is deactivated.
    var consecutiveFailures: Int = 0
    /// When the first of those failures happened, in Trello's format.
    var firstConsecutiveFailDate: String?

    /// The webhook as Trello returns it.
    var json: JSONValue {
        .object([
            .init("id", .string(self.id)),
            .init("description", .string(self.description)),
            .init("idModel", .string(self.idModel)),
            .init("callbackURL", .string(self.callbackURL)),
            .init("active", .bool(self.active)),
            .init("consecutiveFailures", .int(self.consecutiveFailures)),
            .init("firstConsecutiveFailDate", .optional(self.firstConsecutiveFailDate)),
        ])
    }
}
