import Foundation
import Hummingbird
import Testing
import TrelloSandbox

/// Several boards in one sandbox, each reached with its own key and token, each with its own rate-limit budget.
@Suite("Extra boards", .timeLimit(.minutes(3)))
struct ExtraBoardTests {
    private static let boardB = "5f1a2b3c4d5e6f70819293aa"
    private static let authB = "key=key-b&token=token-b"
    private static func configuration(limits: RateLimits = RateLimits()) -> SandboxConfiguration {
        SandboxConfiguration(
            extraBoards: [ExtraBoard(id: boardB, credentials: Credentials(key: "key-b", token: "token-b"))],
            limits: limits)
    }

    @Test("an extra board is seeded like the first and takes cards made with its own credentials")
    func cardsOnTheExtraBoard() async throws {
        try await LiveSandbox.with(Self.configuration()) { sandbox in
            let board: AdminBoard = try await sandbox.sendAlone(.get, "/_sandbox/board?board=\(Self.boardB)").decoded()
            #expect(board.board.id == Self.boardB)
            #expect(board.lists.map(\.name) == ["To Do", "Doing", "Done"])
            #expect(Set(board.labels.map(\.name)) == ["Bug", "Maintenance", "Research", "Test"])
            #expect(board.members.count == 3)

            let lists: [ListDTO] = try await sandbox.send(.get, "/1/boards/\(Self.boardB)/lists?\(Self.authB)").decoded()
            #expect(lists.map(\.idBoard) == Array(repeating: Self.boardB, count: 3))
            let made = try await sandbox.send(
                .post, "/1/cards?\(Self.authB)&idList=\(board.lists[0].id)&name=On%20B")
            #expect(made.status == .ok, "\(made.body)")

            let onB: [CardDTO] = try await sandbox.sendAlone(.get, "/_sandbox/cards?board=\(Self.boardB)").decoded()
            #expect(onB.map(\.name) == ["On B"])
            #expect(try await sandbox.cards().isEmpty)
            let unknown = try await sandbox.sendAlone(.get, "/_sandbox/cards?board=5f1a2b3c4d5e6f70819293bb")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a key with another board's token, or an unknown token, is Trello's 401")
    func credentialsArePairs() async throws {
        try await LiveSandbox.with(Self.configuration()) { sandbox in
            let mixed = try await sandbox.send(.get, "/1/boards/\(Self.boardB)?key=key-b&token=\(Credentials.defaultToken)")
            #expect(mixed.status == .unauthorized)
            #expect(mixed.body == "invalid token")
            let unknownKey = try await sandbox.send(.get, "/1/boards/\(Self.boardB)?key=key-c&token=token-b")
            #expect(unknownKey.body == "invalid key")
        }
    }

    @Test("each token has its own budget: the extra board's requests do not spend the first board's")
    func budgetsPerToken() async throws {
        let limits = RateLimits(tokenLimit: 2, keyLimit: 0, windowMilliseconds: 60_000)
        try await LiveSandbox.with(Self.configuration(limits: limits)) { sandbox in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await sandbox.send(.get, "/1/boards/\(Self.boardB)?\(Self.authB)").status)
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
            #expect(try await sandbox.get("/1/boards/\(sandbox.boardID)").status == .ok)
        }
    }

    @Test("extra boards need valid ids of their own")
    func configurationProblems() {
        let same = SandboxConfiguration(
            extraBoards: [ExtraBoard(id: SandboxConfiguration.defaultBoardID, credentials: Credentials())])
        #expect(same.problem == "every board needs an id of its own")
        let bad = SandboxConfiguration(extraBoards: [ExtraBoard(id: "nope", credentials: Credentials())])
        #expect(bad.problem == "an extra board's id must be 24 hexadecimal characters")
        #expect(ExtraBoard(argument: "\(Self.boardB):k:t") == ExtraBoard(id: Self.boardB, credentials: Credentials(key: "k", token: "t")))
        #expect(ExtraBoard(argument: "\(Self.boardB):k") == nil)
        #expect(ExtraBoard(argument: "\(Self.boardB)::t") == nil)
    }
}
