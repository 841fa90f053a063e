import Hummingbird
import Testing
import TrelloSandbox

@Suite("Authentication", .timeLimit(.minutes(3)))
struct AuthenticationTests {
    @Test("Trello's plain-text 401 bodies")
    func unauthorizedBodies() async throws {
        try await LiveSandbox.with { sandbox in
            let path = "/1/boards/\(sandbox.boardID)/lists"
            let cases: [(String, String)] = [
                ("", "unauthorized permission requested"),
                ("?key=wrong", "invalid key"),
                ("?token=\(Credentials.defaultToken)", "invalid key"),
                ("?key=wrong&token=\(Credentials.defaultToken)", "invalid key"),
                ("?key=\(Credentials.defaultKey)", "missing scopes"),
                ("?key=\(Credentials.defaultKey)&token=revoked", "invalid token"),
            ]
            for (query, body) in cases {
                let reply = try await sandbox.send(.get, path + query)
                #expect(reply.status == .unauthorized, "\(query)")
                #expect(reply.body == body, "\(query)")
                #expect(reply.header("content-type")?.hasPrefix("text/plain") == true)
            }
        }
    }

    @Test("the OAuth header works and wins over the query")
    func oauthHeader() async throws {
        try await LiveSandbox.with { sandbox in
            let header = #"OAuth oauth_consumer_key="\#(Credentials.defaultKey)", oauth_token="\#(Credentials.defaultToken)""#
            let path = "/1/boards/\(sandbox.boardID)/members"
            let reply = try await sandbox.send(.get, path, headers: [.authorization: header])
            #expect(reply.status == .ok)
            let badHeader = try await sandbox.send(.get, "\(path)?\(LiveSandbox.auth)", headers: [.authorization: #"OAuth oauth_consumer_key="\#(Credentials.defaultKey)", oauth_token="old""#])
            #expect(badHeader.status == .unauthorized && badHeader.body == "invalid token")
            let keyOnly = try await sandbox.send(.get, path, headers: [.authorization: #"OAuth oauth_consumer_key="\#(Credentials.defaultKey)""#])
            #expect(keyOnly.body == "missing scopes")
        }
    }

    @Test("credentials switched at run time: the old token is refused until they are switched back")
    func revokedToken() async throws {
        try await LiveSandbox.with { sandbox in
            let path = "/1/boards/\(sandbox.boardID)/lists"
            let switched = try await sandbox.admin(put: "credentials", #"{"token":"rotated"}"#)
            #expect(try switched.decoded(as: Credentials.self) == Credentials(token: "rotated"))
            let refused = try await sandbox.get(path)
            #expect(refused.status == .unauthorized && refused.body == "invalid token")
            let withNew = try await sandbox.send(.get, "\(path)?key=\(Credentials.defaultKey)&token=rotated")
            #expect(withNew.status == .ok)
            _ = try await sandbox.admin(put: "credentials", #"{"token":"\#(Credentials.defaultToken)"}"#)
            #expect(try await sandbox.get(path).status == .ok)
        }
    }

    @Test("the start credentials come from the configuration")
    func configuredCredentials() async throws {
        try await LiveSandbox.with(SandboxConfiguration(credentials: Credentials(key: "k1", token: "ATTA-long-token"))) { sandbox in
            let accepted = try await sandbox.send(.get, "/1/members/me?key=k1&token=ATTA-long-token")
            #expect(accepted.status == .ok)
            let refused = try await sandbox.get("/1/members/me")
            #expect(refused.body == "invalid key")
        }
    }
}
