import Hummingbird
import Testing
import TrelloSandbox

@Suite("Trello's error answers", .timeLimit(.minutes(3)))
struct TrelloErrorTests {
    @Test("plain-text 400 and 404 bodies for missing, malformed and unknown ids")
    func idErrors() async throws {
        try await LiveSandbox.with { sandbox in
            let unknown = "aaaaaaaaaaaaaaaaaaaaaaaa"
            let cases: [(HTTPRequest.Method, String, HTTPResponse.Status, String)] = [
                (.post, "/1/cards", .badRequest, "invalid value for idList"),
                (.post, "/1/cards?idList=not-an-id", .badRequest, "invalid value for idList"),
                (.post, "/1/cards?idList=\(unknown)", .notFound, "could not find the board that the card belongs to"),
                (.get, "/1/cards/12345", .badRequest, "invalid id"),
                (.get, "/1/cards/\(unknown)", .notFound, "The requested resource was not found."),
                (.get, "/1/lists/\(unknown)", .notFound, "model not found"),
                (.get, "/1/lists/\(unknown)/cards", .notFound, "model not found"),
                (.get, "/1/boards/\(unknown)/lists", .notFound, "The requested resource was not found."),
                (.get, "/1/boards/xyz/labels", .badRequest, "invalid id"),
                (.post, "/1/lists?name=Later", .badRequest, "invalid value for idBoard"),
                (.post, "/1/lists?name=Later&idBoard=\(unknown)", .unauthorized, "unauthorized board list requested \(unknown)"),
                (.get, "/1/nothing/here", .notFound, "Cannot GET /1/nothing/here"),
                (.delete, "/1/cards/\(unknown)", .notFound, "The requested resource was not found."),
                (.delete, "/1/boards/\(unknown)/labels", .notFound, "Cannot DELETE /1/boards/\(unknown)/labels"),
            ]
            for (method, path, status, body) in cases {
                let separator = path.contains("?") ? "&" : "?"
                let reply = try await sandbox.send(method, "\(path)\(separator)\(LiveSandbox.auth)")
                #expect(reply.status == status, "\(method) \(path)")
                #expect(reply.body == body, "\(method) \(path)")
            }
        }
    }

    @Test("POST /lists without a name: Trello's JSON error body")
    func listWithoutName() async throws {
        try await LiveSandbox.with { sandbox in
            let reply = try await sandbox.send(.post, "/1/lists?\(LiveSandbox.auth)&idBoard=\(sandbox.boardID)")
            #expect(reply.status == .badRequest)
            #expect(reply.header("content-type")?.hasPrefix("application/json") == true)
            #expect(reply.body == #"{"message":"invalid value for name","error":"BAD_REQUEST_ERROR"}"#)
        }
    }

    @Test("a malformed JSON body is a 400 and makes nothing")
    func malformedJSON() async throws {
        try await LiveSandbox.with { sandbox in
            let reply = try await sandbox.send(.post, "/1/cards?\(LiveSandbox.auth)", headers: [.contentType: "application/json"], body: "{\"idList\":")
            #expect(reply.status == .badRequest)
            #expect(try await sandbox.cards().isEmpty)
        }
    }
}
