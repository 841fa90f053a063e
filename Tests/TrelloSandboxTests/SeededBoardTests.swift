import Hummingbird
import Testing
import TrelloSandbox

@Suite("Seeded board", .timeLimit(.minutes(3)))
struct SeededBoardTests {
    @Test("lists To Do / Doing / Done, labels Bug / Maintenance / Research / Test, three members")
    func seededBoard() async throws {
        try await LiveSandbox.with { sandbox in
            let lists: [ListDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/lists").decoded()
            #expect(lists.map(\.name) == ["To Do", "Doing", "Done"])
            #expect(lists.allSatisfy { $0.idBoard == sandbox.boardID && !$0.closed })
            let labels: [LabelDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/labels").decoded()
            #expect(labels.map(\.name) == ["Bug", "Maintenance", "Research", "Test"])
            #expect(labels.first?.color == "red")
            let members: [MemberDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/members").decoded()
            #expect(members.count == 3)
            let ids = lists.map(\.id) + labels.map(\.id) + members.map(\.id)
            #expect(ids.allSatisfy(Self.isTrelloID))
            #expect(Set(ids).count == ids.count)
        }
    }

    @Test("a bare board has no labels and no To Do list, but its members")
    func bareBoard() async throws {
        try await LiveSandbox.with(SandboxConfiguration(bare: true)) { sandbox in
            let board = try await sandbox.board()
            #expect(board.labels.isEmpty)
            #expect(!board.lists.map(\.name).contains("To Do"))
            #expect(board.members.count == 3)
        }
    }

    @Test("the same seed gives the same ids; another seed other ids")
    func deterministicIDs() async throws {
        let first = try await Self.seededIDs(seed: 7)
        let again = try await Self.seededIDs(seed: 7)
        let other = try await Self.seededIDs(seed: 8)
        #expect(first == again)
        #expect(Set(first).isDisjoint(with: other))
    }

    @Test("the board id is the configured one; GET /1/boards/{id} answers it")
    func configuredBoardID() async throws {
        let boardID = "0123456789abcdef01234567"
        try await LiveSandbox.with(SandboxConfiguration(boardID: boardID)) { sandbox in
            let board: BoardDTO = try await sandbox.get("/1/boards/\(boardID)").decoded()
            #expect(board.id == boardID)
        }
    }

    @Test("labels: 50 by default, up to 1000 with limit, more is refused")
    func labelLimit() async throws {
        try await LiveSandbox.with { sandbox in
            for number in 1...60 {
                let reply = try await sandbox.post("/1/labels", json: ["idBoard": sandbox.boardID, "name": "extra \(number)", "color": "sky"])
                try #require(reply.status == .ok, "\(reply.body)")
            }
            let path = "/1/boards/\(sandbox.boardID)/labels"
            let byDefault: [LabelDTO] = try await sandbox.get(path).decoded()
            #expect(byDefault.count == 50)
            let all: [LabelDTO] = try await sandbox.get(path, query: "limit=1000").decoded()
            #expect(all.count == 64)
            #expect(all.prefix(50).map(\.id) == byDefault.map(\.id))
            let tooMany = try await sandbox.get(path, query: "limit=1001")
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.body == "invalid value for limit")
        }
    }

    @Test("new lists and labels on the board, as query, form or JSON parameters")
    func provisioning() async throws {
        try await LiveSandbox.with(SandboxConfiguration(bare: true)) { sandbox in
            let created = try await sandbox.send(.post, "/1/boards/\(sandbox.boardID)/lists?\(LiveSandbox.auth)&name=To%20Do")
            let list: ListDTO = try created.decoded()
            #expect(list.name == "To Do")
            let lists: [ListDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/lists").decoded()
            #expect(lists.first?.id == list.id, "POST /boards/{id}/lists puts the list on top by default")
            let form = try await sandbox.send(
                .post, "/1/boards/\(sandbox.boardID)/labels?\(LiveSandbox.auth)",
                headers: [.contentType: "application/x-www-form-urlencoded"], body: "name=Bug&color=red"
            )
            let label: LabelDTO = try form.decoded()
            #expect(label.name == "Bug" && label.color == "red" && label.idBoard == sandbox.boardID)
            let colorless = try await sandbox.post("/1/labels", json: ["idBoard": sandbox.boardID, "name": "Plain", "color": "null"])
            #expect(try colorless.decoded(as: LabelDTO.self).color == nil)
            let badColor = try await sandbox.post("/1/labels", json: ["idBoard": sandbox.boardID, "name": "X", "color": "mauve"])
            #expect(badColor.status == .badRequest && badColor.body == "invalid value for color")
            let bottom = try await sandbox.post("/1/lists", json: ["idBoard": sandbox.boardID, "name": "Later"])
            let all: [ListDTO] = try await sandbox.get("/1/boards/\(sandbox.boardID)/lists").decoded()
            #expect(all.last?.id == (try bottom.decoded(as: ListDTO.self)).id, "POST /lists puts the list at the bottom")
        }
    }

    private static func seededIDs(seed: UInt64) async throws -> [String] {
        try await LiveSandbox.with(SandboxConfiguration(seed: seed)) { sandbox in
            let board = try await sandbox.board()
            return board.lists.map(\.id) + board.labels.map(\.id) + board.members.map(\.id)
        }
    }

    static func isTrelloID(_ text: String) -> Bool {
        text.count == 24 && text.allSatisfy(\.isHexDigit)
    }
}
