/// Where Trello calls the bridge back: the API's receiver path under the public base URL (`PUBLIC_BASE_URL`).
/// The API checks signatures against, and the CLI registers, exactly this URL: Trello signs the URL as registered.
public enum TrelloWebhookAddress {
    /// The receiver's path on the API.
    public static let path = "/trello/webhook"

    /// The callback URL under `publicBaseURL`, with or without its trailing slashes.
    public static func callbackURL(publicBaseURL: String) -> String {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }
}
