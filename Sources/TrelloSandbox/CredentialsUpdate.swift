/// The body of `PUT /_sandbox/credentials`: `key`, `token` or both.
struct CredentialsUpdate: Decodable {
    private let key: String?
    private let token: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PatchKey.self)
        try container.rejectUnknownKeys(["key", "token"])
        self.key = try container.optional("key")
        self.token = try container.optional("token")
    }

    /// `credentials` with the members this update names replaced.
    func applied(to credentials: Credentials) -> Credentials {
        var credentials = credentials
        if let key = self.key { credentials.key = key }
        if let token = self.token { credentials.token = token }
        return credentials
    }
}
