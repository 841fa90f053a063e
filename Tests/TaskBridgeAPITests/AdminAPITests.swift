import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import TaskBridgeAPI
import TaskBridgeCore
import Testing
import TestSupport

/// `/v1/admin/`: routes and credentials, added, listed and removed with an `admin` token only; a credential's
/// secret is stored sealed and never answered.
@Suite(.timeLimit(.minutes(3))) struct AdminAPITests {
    private static let key = Array(repeating: UInt8(7), count: 32)
    private static let trelloToken = "ATTA-secret-token-\(UUID().uuidString)"
    private static let trelloKey = "key-\(UUID().uuidString)"

    /// A fixture on a database of its own (routes and credentials are global), with an `admin` token.
    private func withAdmin<Value: Sendable>(
        sealer: CredentialSealer? = try? CredentialSealer(current: key),
        _ body: @Sendable (APIFixture, APIClient) async throws -> Value
    ) async throws -> Value {
        try await OwnDatabase.with { url in
            try await APIFixture.with(databaseURL: url) { fixture in
                let admin = try await TokenStore(pool: fixture.postgres).create(name: "admin", scopes: [.admin])
                return try await fixture.withAPI({ $0.credentialSealer = sealer }) { api in
                    try await body(fixture, APIClient(client: api.client, token: admin.secret))
                }
            }
        }
    }

    private static let credentialBody = #"{"name": "board-a", "kind": "trello", "key": "\#(trelloKey)", "token": "\#(trelloToken)"}"#

    @Test func adminRoutesNeedTheAdminScope() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withAPI { api in
                for (method, uri) in [(HTTPRequest.Method.get, "/v1/admin/routes"), (.get, "/v1/admin/credentials"),
                                      (.post, "/v1/admin/credentials"), (.delete, "/v1/admin/routes/x")] {
                    let response = try await api.send(method, uri, json: "{}")
                    #expect(response.status == .forbidden, "\(method) \(uri)")
                    #expect(response.json["type"] as? String == "/docs#problem-forbidden")
                    let anonymous = try await api.send(method, uri, json: "{}", token: .some(nil))
                    #expect(anonymous.status == .unauthorized)
                }
            }
        }
    }

    @Test func aCredentialIsStoredSealedAndShownOnlyByNameAndFingerprint() async throws {
        try await withAdmin { fixture, admin in
            let added = try await admin.send(.post, "/v1/admin/credentials", json: Self.credentialBody)
            #expect(added.status == .created, "\(added.text)")
            let listed = try await admin.send(.get, "/v1/admin/credentials")
            #expect(listed.status == .ok)
            for response in [added, listed] {
                #expect(!response.text.contains(Self.trelloToken))
                #expect(!response.text.contains(Self.trelloKey))
            }
            let sealer = try CredentialSealer(current: Self.key)
            #expect(added.json["fingerprint"] as? String == (try sealer.fingerprint(of: .trello(key: Self.trelloKey, token: Self.trelloToken))))
            #expect((listed.json["credentials"] as? [[String: Any]])?.map { $0["name"] as? String } == ["board-a"])

            // The table itself holds no plaintext: not the token, not the key, in any column.
            let rows = try await fixture.postgres.query("SELECT credentials::text, encode(sealed, 'escape') FROM credentials")
            #expect(rows.count == 1)
            for row in rows {
                let (text, sealed) = try row.decode((String, String).self)
                for secret in [Self.trelloToken, Self.trelloKey] {
                    #expect(!text.contains(secret))
                    #expect(!sealed.contains(secret))
                }
            }
            let again = try await admin.send(.post, "/v1/admin/credentials", json: Self.credentialBody)
            #expect(again.status == .conflict)
        }
    }

    @Test func aRouteIsAddedListedAndRemovedAndItsCredentialIsKeptWhileInUse() async throws {
        try await withAdmin { _, admin in
            _ = try await admin.send(.post, "/v1/admin/credentials", json: Self.credentialBody)
            let unknown = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "bugs", "match": {"type": "bug"}, "destinations": [{"board_id": "A", "credential": "nope"}]}
                """#)
            #expect(unknown.status == .unprocessableContent)
            let bugs = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "bugs", "match": {"type": "bug"}, "destinations": [{"board_id": "A", "credential": "board-a"}]}
                """#)
            #expect(bugs.status == .created, "\(bugs.text)")
            let first = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "research", "position": 1, "match": {"type": "task", "category": "Research"},
                 "destinations": [{"board_id": "B", "list_name": "Inbox", "credential": "board-a"}]}
                """#)
            #expect(first.status == .created)
            let listed = try await admin.send(.get, "/v1/admin/routes")
            let routes = listed.json["routes"] as? [[String: Any]] ?? []
            #expect(routes.map { $0["name"] as? String } == ["research", "bugs"])
            #expect(routes.map { $0["position"] as? Int } == [1, 2])

            #expect(try await admin.send(.delete, "/v1/admin/credentials/board-a").status == .conflict)
            #expect(try await admin.send(.delete, "/v1/admin/routes/research").status == .noContent)
            #expect(try await admin.send(.delete, "/v1/admin/routes/research").status == .notFound)
            #expect(try await admin.send(.delete, "/v1/admin/routes/bugs").status == .noContent)
            #expect(try await admin.send(.delete, "/v1/admin/credentials/board-a").status == .noContent)
            let empty = try await admin.send(.get, "/v1/admin/routes")
            #expect((empty.json["routes"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func channelCredentialsAndChannelRoutesAreAddedCheckedAndListed() async throws {
        try await withAdmin { fixture, admin in
            let hook = "https://hooks.slack.com/services/T1/B1/\(UUID().uuidString)"
            let password = "smtp-\(UUID().uuidString)"
            for body in [
                Self.credentialBody,
                #"{"name": "ops-hook", "kind": "slack", "hook_url": "\#(hook)"}"#,
                #"{"name": "mail", "kind": "smtp", "server": "smtps://mail.example.com:465", "username": "bridge", "password": "\#(password)"}"#,
            ] {
                let added = try await admin.send(.post, "/v1/admin/credentials", json: body)
                #expect(added.status == .created, "\(added.text)")
                #expect((added.json["fingerprint"] as? String)?.hasPrefix("hmac:") == true)
                #expect(!added.text.contains(hook) && !added.text.contains(password))
            }
            let badServer = try await admin.send(
                .post, "/v1/admin/credentials", json: #"{"name": "m2", "kind": "smtp", "server": "mail:25", "username": "u", "password": "p"}"#)
            #expect(badServer.status == .unprocessableContent)

            let badTemplate = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "x", "destinations": [{"board_id": "A", "credential": "board-a"}],
                 "channels": [{"kind": "slack", "credential": "ops-hook", "text": "{{nope}}"},
                              {"kind": "email", "credential": "mail", "from": "b@example.com", "to": ["t@example.com"],
                               "subject": "Hi\r\nBcc: x@example.com"},
                              {"kind": "slack", "credential": "ops-hook", "on": ["sent"]}]}
                """#)
            #expect(badTemplate.status == .unprocessableContent)
            #expect(badTemplate.fieldErrors.map(\.field) == ["channels[0]", "channels[1]", "channels[2]"])
            let wrongKind = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "x", "destinations": [{"board_id": "A", "credential": "board-a"}],
                 "channels": [{"kind": "slack", "credential": "mail"}]}
                """#)
            #expect(wrongKind.fieldErrors.map(\.field) == ["channels"])
            let hookAsBoard = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "x", "destinations": [{"board_id": "A", "credential": "ops-hook"}]}
                """#)
            #expect(hookAsBoard.fieldErrors.map(\.field) == ["destinations"])

            let added = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "research", "match": {"type": "task", "category": "Research"},
                 "destinations": [{"board_id": "B", "credential": "board-a"}],
                 "channels": [{"kind": "slack", "credential": "ops-hook", "on": ["accepted", "carded"]},
                              {"kind": "email", "credential": "mail", "from": "bridge@example.com",
                               "to": ["research@example.com"], "subject": "{{title}}", "body": "{{description}}"}]}
                """#)
            #expect(added.status == .created, "\(added.text)")
            let listed = try await admin.send(.get, "/v1/admin/routes")
            let channels = (listed.json["routes"] as? [[String: Any]])?.first?["channels"] as? [[String: Any]] ?? []
            #expect(channels.map { $0["kind"] as? String } == ["slack", "email"])
            #expect(channels.first?["on"] as? [String] == ["accepted", "carded"])
            #expect(channels.first?["text"] as? String == ChannelDestination.defaultSlackText)
            #expect(channels.last?["on"] as? [String] == ["carded", "failed"])
            #expect(channels.last?["to"] as? [String] == ["research@example.com"])
            let rows = try await fixture.postgres.query("SELECT credentials::text, encode(sealed, 'escape') FROM credentials")
            for row in rows {
                let (text, sealed) = try row.decode((String, String).self)
                #expect(!(text + sealed).contains(hook) && !(text + sealed).contains(password))
            }
        }
    }

    @Test func badAdminBodiesAreProblemsNamingTheField() async throws {
        try await withAdmin { _, admin in
            let noToken = try await admin.send(.post, "/v1/admin/credentials", json: #"{"name": "a", "key": "k"}"#)
            #expect(noToken.status == .unprocessableContent)
            #expect(noToken.fieldErrors.map(\.field) == ["token"])
            let unknownKind = try await admin.send(
                .post, "/v1/admin/credentials", json: #"{"name": "a", "kind": "pigeon", "key": "k", "token": "t"}"#)
            #expect(unknownKind.fieldErrors.map(\.field) == ["kind"])
            let wrongFields = try await admin.send(
                .post, "/v1/admin/credentials", json: #"{"name": "a", "kind": "slack", "key": "k", "token": "t"}"#)
            #expect(wrongFields.fieldErrors.map(\.field) == ["hook_url", "key", "token"])
            let noDestination = try await admin.send(.post, "/v1/admin/routes", json: #"{"name": " ", "destinations": []}"#)
            #expect(noDestination.status == .unprocessableContent)
            #expect(noDestination.fieldErrors.map(\.field) == ["name", "destinations"])
            let typo = try await admin.send(.post, "/v1/admin/routes", json: #"""
                {"name": "x", "match": {"type": "bgu"}, "destinations": [{"board_id": "A", "credential": "a"}]}
                """#)
            #expect(typo.fieldErrors.map(\.field) == ["match"])
            let missing = try await admin.send(.post, "/v1/admin/routes", json: #"{"name": "x"}"#)
            #expect(missing.fieldErrors.map(\.field) == ["destinations"])
            let malformed = try await admin.send(.post, "/v1/admin/routes", json: "{")
            #expect(malformed.status == .badRequest)
            let text = try await admin.send(.post, "/v1/admin/routes", json: "{}", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
        }
    }

    @Test func noLogLineHoldsACredentialsSecret() async throws {
        let log = CapturedLog()
        try await OwnDatabase.with { url in
            try await APIFixture.with(databaseURL: url) { fixture in
                let admin = try await TokenStore(pool: fixture.postgres).create(name: "admin", scopes: [.admin])
                let configuration = fixture.configuration { $0.credentialSealer = try? CredentialSealer(current: Self.key) }
                let app = try await buildApplication(configuration: configuration, logger: log.logger)
                let statuses = try await app.test(.router) { client in
                    let api = APIClient(client: client, token: admin.secret)
                    return [
                        try await api.send(.post, "/v1/admin/credentials", json: Self.credentialBody).status,
                        try await api.send(.post, "/v1/admin/credentials", json: Self.credentialBody).status,
                        try await api.send(.get, "/v1/admin/credentials").status,
                    ]
                }
                #expect(statuses == [.created, .conflict, .ok])
            }
        }
        #expect(!log.text.isEmpty)
        #expect(!log.text.contains(Self.trelloToken))
        #expect(!log.text.contains(Self.trelloKey))
    }

    @Test func withoutASecretKeyTheAPICannotAddACredential() async throws {
        try await withAdmin(sealer: nil) { _, admin in
            let response = try await admin.send(.post, "/v1/admin/credentials", json: Self.credentialBody)
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["type"] as? String == "/docs#problem-secret-key-missing")
        }
    }

    @Test func resealingAfterARotationLetsThePreviousKeyGo() async throws {
        try await OwnDatabase.with { url in
            try await APIFixture.with(databaseURL: url) { fixture in
                let store = CredentialStore(pool: fixture.postgres)
                let old = try CredentialSealer(current: Self.key)
                _ = try await store.add(
                    name: "a", kind: "trello", secret: .trello(key: "k", token: "t"), sealer: old)
                let newKey = Array(repeating: UInt8(9), count: 32)
                let rotating = try CredentialSealer(current: newKey, previous: Self.key)
                #expect(try await store.open(name: "a", sealer: rotating) == .trello(key: "k", token: "t"))
                #expect(try await store.reseal(sealer: rotating) == 1)
                let rotated = try CredentialSealer(current: newKey)
                #expect(try await store.open(name: "a", sealer: rotated) == .trello(key: "k", token: "t"))
                await #expect(throws: CredentialSealerError.self) { try await store.open(name: "a", sealer: old) }
                #expect(try await store.list().map(\.keyFingerprint) == [rotated.keyFingerprint])
                // The fingerprint is keyed: the reseal stored the one under the new key.
                #expect(try await store.list().map(\.fingerprint) == [try rotated.fingerprint(of: .trello(key: "k", token: "t"))])
            }
        }
    }
}
