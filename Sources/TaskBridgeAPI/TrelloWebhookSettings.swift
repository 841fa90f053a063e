import TaskBridgeCore
import TaskBridgeRuntime

/// What the Trello webhook receiver needs: the public base URL Trello calls (`PUBLIC_BASE_URL`), so the exact
/// callback URL it signs, and the application secret it signs with (`TRELLO_APP_SECRET`). The receiver is on only
/// when both are set.
public struct TrelloWebhookSettings: Sendable {
    /// `PUBLIC_BASE_URL`, such as `https://bridge.example.com`.
    public var publicBaseURL: String
    /// `TRELLO_APP_SECRET`: the Trello application's secret, for the board from the environment.
    public var appSecret: Secret

    /// Settings for a receiver at `publicBaseURL`.
    public init(publicBaseURL: String, appSecret: Secret) {
        self.publicBaseURL = publicBaseURL
        self.appSecret = appSecret
    }

    /// The exact URL Trello is registered with and signs.
    public var callbackURL: String { TrelloWebhookAddress.callbackURL(publicBaseURL: publicBaseURL) }

    /// Reads both variables; nil when neither is set, a problem when only one is.
    public static func read(from reader: inout EnvironmentReader) -> TrelloWebhookSettings? {
        let secret = reader.string("TRELLO_APP_SECRET", default: "")
        let base = reader.string("PUBLIC_BASE_URL", default: "")
        if secret.isEmpty && base.isEmpty { return nil }
        reader.require(!secret.isEmpty, "TRELLO_APP_SECRET is required when PUBLIC_BASE_URL is set")
        let url = reader.url("PUBLIC_BASE_URL", schemes: ["https", "http"])
        return TrelloWebhookSettings(publicBaseURL: url, appSecret: Secret(secret))
    }
}
