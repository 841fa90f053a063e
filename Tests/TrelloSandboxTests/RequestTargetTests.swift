import Hummingbird
import Testing
import TrelloSandbox

@Suite("Over-long request lines", .timeLimit(.minutes(3)))
struct RequestTargetTests {
    @Test("an over-long query string gets 414 over a real socket; the card is not made")
    func longQueryString() async throws {
        try await LiveSandbox.with { sandbox in
            let listID = try await sandbox.board().lists[0].id
            let desc = String(repeating: "a", count: 17000)
            let reply = try await sandbox.sendAlone(.post, "/1/cards?\(LiveSandbox.auth)&idList=\(listID)&desc=\(desc)")
            #expect(reply.status == .uriTooLong)
            #expect(try await sandbox.cards().isEmpty)
            #expect(try await sandbox.counters() == ["POST /1/cards": ["414": 1]])
        }
    }

    @Test("a request target of a megabyte still gets 414, not a dropped connection")
    func veryLongRequestTarget() async throws {
        try await LiveSandbox.with { sandbox in
            let reply = try await sandbox.sendAlone(.get, "/1/search?\(LiveSandbox.auth)&query=\(String(repeating: "q", count: 1 << 20))")
            #expect(reply.status == .uriTooLong)
        }
    }

    @Test("a request target just under the limit is served")
    func underTheLimit() async throws {
        try await LiveSandbox.with { sandbox in
            let path = "/1/search?\(LiveSandbox.auth)&query="
            let reply = try await sandbox.sendAlone(.get, path + String(repeating: "q", count: 16384 - path.utf8.count))
            #expect(reply.status == .ok)
        }
    }
}
