/// An API key and token for Trello, sent only in the `Authorization` header and never printed.
public struct TrelloCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The application's API key.
    public let key: String
    /// The user's token.
    public let token: String

    /// Credentials from a key and a token, taken as they are: Trello's token formats change, so none is checked.
    public init(key: String, token: String) {
        self.key = key
        self.token = token
    }

    /// The `Authorization` header value: Trello's OAuth form keeps credentials out of URLs and access logs.
    public var authorizationHeader: String {
        "OAuth oauth_consumer_key=\"\(key)\", oauth_token=\"\(token)\""
    }

    /// A redacted form, so logs and string interpolation never show a credential.
    public var description: String { "TrelloCredentials(key: ***, token: ***)" }

    /// A mirror without the secrets, so `dump` and debuggers never show them.
    public var customMirror: Mirror { Mirror(self, children: ["key": "***", "token": "***"]) }
}
