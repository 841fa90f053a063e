import CurlClient
import Testing

@Suite("HTTP value types", .timeLimit(.minutes(3)))
struct HTTPValueTests {
    @Test("header lookups ignore case and keep order")
    func headers() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-A": "1"]
        headers.add("x-a", "2")
        #expect(headers["content-TYPE"] == "application/json")
        #expect(headers.values(for: "X-a") == ["1", "2"])
        headers.set("X-A", "3")
        #expect(headers.values(for: "x-a") == ["3"])
        headers.remove("CONTENT-type")
        #expect(headers.count == 1)
        #expect(headers["Content-Typ"] == nil)
    }

    @Test("descriptions leave out header values and the URL query")
    func redaction() {
        let request = HTTPRequest(
            method: .post,
            url: "https://api.trello.com/1/cards?key=k1&token=secret",
            headers: ["Authorization": "OAuth secret"]
        )
        #expect(request.description == "POST https://api.trello.com/1/cards")
        #expect(!request.headers.description.contains("secret"))
    }

    @Test("idempotency follows the method unless set")
    func idempotency() {
        var request = HTTPRequest(method: .post, url: "http://x/")
        #expect(!request.isIdempotent)
        request.isIdempotent = true
        #expect(request.isIdempotent)
        #expect(HTTPRequest(method: .put, url: "http://x/").isIdempotent)
    }
}
