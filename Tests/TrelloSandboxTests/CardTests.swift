import Foundation
import Hummingbird
import Testing
import TrelloSandbox

@Suite("Cards", .timeLimit(.minutes(3)))
struct CardTests {
    @Test("a card with a 15000-character description in a JSON body, with Trello's fields")
    func longDescriptionInJSON() async throws {
        try await LiveSandbox.with { sandbox in
            let board = try await sandbox.board()
            let bug = try #require(board.labels.first { $0.name == "Bug" })
            let member = board.members[1]
            let desc = String(repeating: "é – line!\n", count: 1500)
            #expect(desc.utf16.count == 15000)
            let reply = try await sandbox.post(
                "/1/cards",
                json: ["idList": board.lists[0].id, "name": "Fix \"quotes\" & slashes /", "desc": desc, "idLabels": bug.id, "idMembers": member.id]
            )
            try #require(reply.status == .ok, "\(reply.body)")
            #expect(reply.header("content-type")?.hasPrefix("application/json") == true)
            let card: CardDTO = try reply.decoded()
            #expect(card.desc == desc)
            #expect(card.name == "Fix \"quotes\" & slashes /")
            #expect(card.idList == board.lists[0].id && card.idBoard == sandbox.boardID)
            #expect(card.idLabels == [bug.id] && card.labels == [bug])
            #expect(card.idMembers == [member.id])
            #expect(card.idShort == 1 && !card.closed)
            #expect(SeededBoardTests.isTrelloID(card.id))
            #expect(card.shortUrl == "https://trello.com/c/\(card.shortLink)")
            #expect(card.url.hasPrefix(card.shortUrl + "/1-fix-quotes-slashes"))
            #expect(card.dateLastActivity.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
            let fields = Set(try reply.object().keys)
            let expected: Set = [
                "id", "idShort", "name", "desc", "idList", "idBoard", "idLabels", "idMembers", "labels", "pos", "shortLink",
                "shortUrl", "url", "closed", "dateLastActivity", "badges",
            ]
            #expect(expected.isSubset(of: fields))
            let fetched: CardDTO = try await sandbox.get("/1/cards/\(card.id)").decoded()
            #expect(fetched == card)
            #expect(try await sandbox.cards() == [card])
        }
    }

    @Test("parameters from the query string and from a form body; the body wins")
    func queryAndFormParameters() async throws {
        try await LiveSandbox.with { sandbox in
            let listID = try await sandbox.board().lists[0].id
            let byQuery = try await sandbox.send(.post, "/1/cards?\(LiveSandbox.auth)&idList=\(listID)&name=from+the%20query")
            #expect(try byQuery.decoded(as: CardDTO.self).name == "from the query")
            let byForm = try await sandbox.send(
                .post, "/1/cards?\(LiveSandbox.auth)&name=overridden",
                headers: [.contentType: "application/x-www-form-urlencoded; charset=utf-8"],
                body: "idList=\(listID)&name=from+the+form&desc=a%26b%3Dc"
            )
            let card: CardDTO = try byForm.decoded()
            #expect(card.name == "from the form" && card.desc == "a&b=c")
            #expect(try await sandbox.cards().count == 2)
        }
    }

    @Test("comma-separated idLabels and idMembers; a JSON array is ignored, as Trello once did")
    func commaSeparatedIDs() async throws {
        try await LiveSandbox.with { sandbox in
            let board = try await sandbox.board()
            let labels = board.labels.prefix(2).map(\.id)
            let card = try await sandbox.createCard([
                "idLabels": labels.joined(separator: ","), "idMembers": board.members.map(\.id).joined(separator: ", "),
            ])
            #expect(card.idLabels == labels)
            #expect(card.idMembers == board.members.map(\.id))
            let body = #"{"idList":"\#(board.lists[0].id)","idLabels":["\#(labels[0])"]}"#
            let reply = try await sandbox.send(.post, "/1/cards?\(LiveSandbox.auth)", headers: [.contentType: "application/json"], body: body)
            #expect(try reply.decoded(as: CardDTO.self).idLabels.isEmpty)
        }
    }

    @Test("labels and members must belong to the card's board")
    func foreignLabelsAndMembers() async throws {
        try await LiveSandbox.with { sandbox in
            let board = try await sandbox.board()
            let other: BoardDTO = try await sandbox.send(.post, "/1/boards?\(LiveSandbox.auth)&name=Elsewhere&defaultLabels=false").decoded()
            let foreign: LabelDTO = try await sandbox.post("/1/labels", json: ["idBoard": other.id, "name": "Bug", "color": "red"]).decoded()
            let listID = board.lists[0].id
            let withForeignLabel = try await sandbox.post("/1/cards", json: ["idList": listID, "idLabels": "\(board.labels[0].id),\(foreign.id)"])
            #expect(withForeignLabel.status == .badRequest)
            #expect(withForeignLabel.body == "invalid value for idLabels")
            let withStranger = try await sandbox.post("/1/cards", json: ["idList": listID, "idMembers": "aaaaaaaaaaaaaaaaaaaaaaaa"])
            #expect(withStranger.status == .badRequest)
            #expect(withStranger.body == "invalid value for idMembers")
            let malformed = try await sandbox.post("/1/cards", json: ["idList": listID, "idLabels": "bug"])
            #expect(malformed.body == "invalid value for idLabels")
            #expect(try await sandbox.cards().isEmpty)
        }
    }

    @Test("name and description: 16384 characters pass, 16385 get a 400")
    func textLimits() async throws {
        try await LiveSandbox.with { sandbox in
            let limit = String(repeating: "n", count: 16384)
            _ = try await sandbox.createCard(["name": limit, "desc": limit])
            let listID = try await sandbox.board().lists[0].id
            let longName = try await sandbox.post("/1/cards", json: ["idList": listID, "name": limit + "n"])
            #expect(longName.status == .badRequest && longName.body == "invalid value for name")
            let longDesc = try await sandbox.post("/1/cards", json: ["idList": listID, "desc": limit + "d"])
            #expect(longDesc.status == .badRequest && longDesc.body == "invalid value for desc")
            #expect(try await sandbox.cards().count == 1)
        }
    }

    @Test("pos: bottom by default, top goes first, numbers are kept; idShort counts up")
    func positions() async throws {
        try await LiveSandbox.with { sandbox in
            let first = try await sandbox.createCard(["name": "first"])
            let second = try await sandbox.createCard(["name": "second"])
            let top = try await sandbox.createCard(["name": "top", "pos": "top"])
            let middle = try await sandbox.createCard(["name": "middle", "pos": String((first.pos + second.pos) / 2)])
            #expect([first, second, top, middle].map(\.idShort) == [1, 2, 3, 4])
            let inList: [CardDTO] = try await sandbox.get("/1/lists/\(first.idList)/cards").decoded()
            #expect(inList.map(\.name) == ["top", "first", "middle", "second"])
            let listID = first.idList
            let bad = try await sandbox.post("/1/cards", json: ["idList": listID, "pos": "-1"])
            #expect(bad.status == .badRequest && bad.body == "invalid value for pos")
        }
    }

    @Test("GET cards of a list and of a board: open ones; fields narrows them; closed cards stay in the admin list")
    func listingCards() async throws {
        try await LiveSandbox.with { sandbox in
            let kept = try await sandbox.createCard(["name": "kept", "desc": "d"])
            let closed = try await sandbox.createCard(["name": "closed"])
            let update = try await sandbox.send(.put, "/1/cards/\(closed.id)?\(LiveSandbox.auth)&closed=true")
            #expect(try update.decoded(as: CardDTO.self).closed)
            let inList: [CardDTO] = try await sandbox.get("/1/lists/\(kept.idList)/cards").decoded()
            #expect(inList.map(\.id) == [kept.id])
            let onBoard: [CardDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards").decoded()
            #expect(onBoard.map(\.id) == [kept.id])
            let all: [CardDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/cards/all").decoded()
            #expect(all.map(\.id) == [kept.id, closed.id])
            let narrowed = try await sandbox.get("/1/lists/\(kept.idList)/cards", query: "fields=name,desc")
            #expect(narrowed.body == #"[{"id":"\#(kept.id)","desc":"d","name":"kept"}]"#)
            #expect(try await sandbox.cards().map(\.closed) == [false, true])
        }
    }

    @Test("PUT /cards/{id} moves a card to another list of its board")
    func moveCard() async throws {
        try await LiveSandbox.with { sandbox in
            let lists = try await sandbox.board().lists
            let card = try await sandbox.createCard()
            let moved: CardDTO = try await sandbox.send(.put, "/1/cards/\(card.id)?\(LiveSandbox.auth)&idList=\(lists[2].id)").decoded()
            #expect(moved.idList == lists[2].id)
            let inDone: [CardDTO] = try await sandbox.get("/1/lists/\(lists[2].id)/cards").decoded()
            #expect(inDone.map(\.id) == [card.id])
            let inToDo: [CardDTO] = try await sandbox.get("/1/lists/\(lists[0].id)/cards").decoded()
            #expect(inToDo.isEmpty)
        }
    }

    @Test("search finds cards by the words of their name and description, within idBoards and cards_limit")
    func search() async throws {
        try await LiveSandbox.with { sandbox in
            let wanted = try await sandbox.createCard(["name": "Printer on fire", "desc": "task 42 footer"])
            _ = try await sandbox.createCard(["name": "Printer out of paper"])
            let reply = try await sandbox.get("/1/search", query: "query=printer%20fire&idBoards=\(sandbox.boardID)&modelTypes=cards")
            let found = try reply.decoded(as: SearchDTO.self)
            #expect(found.cards.map(\.id) == [wanted.id])
            let limited = try await sandbox.get("/1/search", query: "query=printer&cards_limit=1").decoded(as: SearchDTO.self)
            #expect(limited.cards.count == 1)
            let empty = try await sandbox.get("/1/search", query: "query=")
            #expect(empty.status == .badRequest && empty.body == "invalid value for query")
        }
    }

    @Test("search lags behind writes when configured to")
    func searchLag() async throws {
        try await LiveSandbox.with(SandboxConfiguration(searchLagMilliseconds: 3_600_000)) { sandbox in
            _ = try await sandbox.createCard(["name": "invisible for now"])
            let found = try await sandbox.get("/1/search", query: "query=invisible").decoded(as: SearchDTO.self)
            #expect(found.cards.isEmpty)
        }
    }
}
