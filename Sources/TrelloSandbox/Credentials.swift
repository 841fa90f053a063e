/// The API key and token the sandbox accepts; anything else gets Trello's 401s.
public struct Credentials: Codable, Sendable, Equatable {
    /// The default API key, `sandbox-key`.
    public static let defaultKey = "sandbox-key"
    /// The default API token, `sandbox-token`.
    public static let defaultToken = "sandbox-token"

    /// The accepted API key (`key` query parameter or `oauth_consumer_key`).
    public var key: String
    /// The accepted token (`token` query parameter or `oauth_token`).
    public var token: String

    /// Credentials accepting `key` and `token`.
    public init(key: String = Credentials.defaultKey, token: String = Credentials.defaultToken) {
        self.key = key
        self.token = token
    }
}
