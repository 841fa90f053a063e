import TaskBridgeRuntime

/// Where the receiver finds the application secret a webhook call is signed with, by the board the call says it
/// is about. Today one board from the environment; with stored routes, each board's Trello credential holds its
/// own secret, and a lookup by board id plugs in here. The board id comes from the unverified body, which is safe:
/// a call verifies only against the secret of the board it names.
protocol TrelloWebhookSecrets: Sendable {
    /// The secret for calls about `boardID`, or nil when the bridge delivers to no such board.
    func secret(forBoard boardID: String?) async throws -> Secret?
}

/// The one secret of the board from the environment (`TRELLO_APP_SECRET`), whatever board a call names: a call
/// about another board fails its signature check or names no card of ours.
struct EnvironmentWebhookSecret: TrelloWebhookSecrets {
    let secret: Secret

    func secret(forBoard boardID: String?) async throws -> Secret? { secret }
}
