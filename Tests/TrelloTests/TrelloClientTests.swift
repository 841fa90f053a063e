import CurlClient
import Testing
import Trello
import TrelloSandbox

@Suite("TrelloClient against the sandbox", .timeLimit(.minutes(3)))
struct TrelloClientTests {
    @Test("reads the board's lists, labels and members, with the rate-limit headers")
    func readsBoard() async throws {
        try await Sandbox.with { sandbox, session in
            let trello = sandbox.client(session)
            let lists = try await trello.lists(board: sandbox.boardID)
            #expect(lists.value.map(\.name) == ["To Do", "Doing", "Done"])
            let limit = try #require(lists.rateLimit?.token)
            #expect(limit.maximum == 100)
            #expect(limit.remaining == 99)
            #expect(limit.interval == .seconds(10))
            #expect(lists.rateLimit?.key?.maximum == 300)

            let labels = try await trello.labels(board: sandbox.boardID).value
            #expect(Set(labels.map(\.name)) == ["Bug", "Maintenance", "Research", "Test"])
            let members = try await trello.members(board: sandbox.boardID).value
            #expect(members.count == 3)
            #expect(members.allSatisfy { $0.id.count == 24 })
        }
    }

    @Test("creates a card with a long description, labels and members as Trello stores them")
    func createsCard() async throws {
        try await Sandbox.with { sandbox, session in
            let trello = sandbox.client(session)
            let list = try #require(try await trello.lists(board: sandbox.boardID).value.first { $0.name == "To Do" })
            let labels = try await trello.labels(board: sandbox.boardID).value
            let members = try await trello.members(board: sandbox.boardID).value
            // Far longer than a URL may be: it must travel in the body.
            let description = String(repeating: "long text é ", count: 1200)
            let card = try await trello.createCard(
                listID: list.id,
                name: "bug-apple-42",
                description: description,
                labelIDs: labels.prefix(2).map(\.id),
                memberIDs: [members[1].id]
            ).value
            #expect(card.name == "bug-apple-42")
            #expect(card.desc == description)
            #expect(card.idList == list.id)
            #expect(Set(card.idLabels) == Set(labels.prefix(2).map(\.id)))
            #expect(card.idMembers == [members[1].id])
            #expect(card.url?.isEmpty == false)

            let stored = try await sandbox.cards()
            #expect(stored.map(\.id) == [card.id])
            let page = try await trello.cards(board: sandbox.boardID, filter: .all, since: nil, before: nil, limit: 10).value
            #expect(page.map(\.desc) == [description])
            #expect(page.map(\.closed) == [false])
            #expect(try await trello.cards(list: list.id).value.map(\.id) == [card.id])
            let archived = try await trello.archiveCard(card.id).value
            #expect(archived.closed)
            #expect(try await trello.cards(board: sandbox.boardID, filter: .open, since: nil, before: nil, limit: 10).value.isEmpty)
        }
    }

    @Test("creates lists and labels on a bare board")
    func createsListAndLabel() async throws {
        try await Sandbox.with(SandboxConfiguration(bare: true)) { sandbox, session in
            let trello = sandbox.client(session)
            #expect(try await trello.lists(board: sandbox.boardID).value.contains { $0.name == "To Do" } == false)
            let list = try await trello.createList(board: sandbox.boardID, name: "To Do").value
            #expect(list.name == "To Do")
            let label = try await trello.createLabel(board: sandbox.boardID, name: "Bug", color: "red").value
            #expect(label.name == "Bug")
            #expect(label.color == "red")
            let plain = try await trello.createLabel(board: sandbox.boardID, name: "Plain", color: nil).value
            #expect(plain.color == nil)
            #expect(try await trello.lists(board: sandbox.boardID).value.contains { $0.id == list.id })
        }
    }

    @Test("wrong credentials are the credentials' fault, with Trello's plain-text reason")
    func credentialsError() async throws {
        try await Sandbox.with { sandbox, session in
            let error = await #expect(throws: TrelloError.self) {
                try await sandbox.client(session, token: "revoked").lists(board: sandbox.boardID)
            }
            #expect(error?.kind == .credentials)
            #expect(error?.status == 401)
            #expect(error?.message == "invalid token")
            #expect(error?.description.contains("revoked") == false)
        }
    }

    @Test("an unknown list is permanent for the card, keeping Trello's message")
    func unknownList() async throws {
        try await Sandbox.with { sandbox, session in
            let error = await #expect(throws: TrelloError.self) {
                try await sandbox.client(session).createCard(listID: "0123456789abcdef01234567", name: "x", description: "y", labelIDs: [], memberIDs: [])
            }
            #expect(error?.kind == .permanent)
            #expect(error?.status == 404)
            #expect(error?.message == "could not find the board that the card belongs to")
            #expect(error?.operation == .createCard)
            #expect(error?.description.hasPrefix("Trello POST /cards answered 404") == true)
        }
    }

    @Test("a malformed id is permanent: 400 invalid id")
    func malformedID() async throws {
        try await Sandbox.with { sandbox, session in
            let error = await #expect(throws: TrelloError.self) {
                try await sandbox.client(session).cards(list: "not-an-id")
            }
            #expect(error?.kind == .permanent)
            #expect(error?.status == 400)
            #expect(error?.message == "invalid id")
        }
    }

    @Test("429 is transient, with Trello's code and Retry-After")
    func rateLimited() async throws {
        try await Sandbox.with { sandbox, session in
            try await sandbox.put("faults", #"{"rateLimitRate": 1}"#)
            try await sandbox.put("limits", #"{"retryAfter": 3}"#)
            let error = await #expect(throws: TrelloError.self) {
                try await sandbox.client(session).lists(board: sandbox.boardID)
            }
            #expect(error?.kind == .transient)
            #expect(error?.isRateLimited == true)
            #expect(error?.code == "API_TOKEN_LIMIT_EXCEEDED")
            #expect(error?.retryAfter == .seconds(3))
            #expect(error?.rateLimit?.token != nil)
        }
    }

    @Test("5xx is transient")
    func serverError() async throws {
        try await Sandbox.with { sandbox, session in
            try await sandbox.put("faults", #"{"errorRate": 1}"#)
            let error = await #expect(throws: TrelloError.self) {
                try await sandbox.client(session).labels(board: sandbox.boardID)
            }
            #expect(error?.kind == .transient)
            #expect((500...599).contains(error?.status ?? 0))
        }
    }

    @Test("a card created but never answered is an unknown outcome, and the card exists")
    func droppedAfterCreate() async throws {
        try await Sandbox.with { sandbox, session in
            let trello = sandbox.client(session)
            let list = try #require(try await trello.lists(board: sandbox.boardID).value.first)
            try await sandbox.put("faults", #"{"dropAfterCreateRate": 1}"#)
            let error = await #expect(throws: TrelloError.self) {
                try await trello.createCard(listID: list.id, name: "maybe", description: "d", labelIDs: [], memberIDs: [])
            }
            #expect(error?.kind == .outcomeUnknown)
            #expect(error?.status == nil)
            #expect(try await sandbox.cards().map(\.name) == ["maybe"])
        }
    }

    @Test("a create slower than the client's timeout is an unknown outcome, and still lands after the client has gone")
    func slowCreateLandsLater() async throws {
        try await Sandbox.with { sandbox, session in
            let list = try #require(try await sandbox.client(session).lists(board: sandbox.boardID).value.first)
            try await sandbox.put("faults", #"{"routeLatencyMs": {"POST /1/cards": 3000}}"#)
            let impatient = TrelloClient(
                baseURL: sandbox.baseURL, credentials: TrelloCredentials(key: Credentials.defaultKey, token: Credentials.defaultToken),
                session: session, requestTimeout: .milliseconds(300))
            let error = await #expect(throws: TrelloError.self) {
                try await impatient.createCard(listID: list.id, name: "late", description: "d", labelIDs: [], memberIDs: [])
            }
            #expect(error?.kind == .outcomeUnknown)
            #expect(try await sandbox.cards().isEmpty, "the card must not exist before the latency has passed")
            let deadline = ContinuousClock.now + .seconds(10)
            while try await sandbox.cards().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await sandbox.cards().map(\.name) == ["late"])
        }
    }

    @Test("a server that cannot be reached is transient")
    func unreachable() async throws {
        let session = try HTTPSession()
        // Port 9 (discard) is closed on the test machines: the connection is refused before anything is sent.
        let trello = TrelloClient(
            baseURL: "http://127.0.0.1:9/1",
            credentials: TrelloCredentials(key: "k", token: "t"),
            session: session
        )
        let error = await #expect(throws: TrelloError.self) {
            try await trello.createCard(listID: "0123456789abcdef01234567", name: "x", description: "y", labelIDs: [], memberIDs: [])
        }
        #expect(error?.kind == .transient)
        await session.shutdown()
    }

    @Test("credentials never show in descriptions or dumps")
    func credentialsRedacted() {
        let credentials = TrelloCredentials(key: "the-key", token: "the-token")
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!"\(credentials)".contains("the-token"))
        #expect(!dumped.contains("the-token"))
        #expect(!dumped.contains("the-key"))
        #expect(credentials.authorizationHeader == #"OAuth oauth_consumer_key="the-key", oauth_token="the-token""#)
    }

    @Test("rate-limit headers are read by name, whatever their spacing")
    func rateLimitHeaders() {
        let headers = [
            "x-rate-limit-api-token-max": "100", "x-rate-limit-api-token-remaining": " 7 ",
            "x-rate-limit-api-token-interval-ms": "10000",
        ]
        let limit = TrelloRateLimit { headers[$0] }
        #expect(limit?.token == .init(maximum: 100, remaining: 7, interval: .seconds(10)))
        #expect(limit?.key == nil)
        #expect(TrelloRateLimit { _ in nil } == nil)
    }
}
