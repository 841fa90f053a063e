import Foundation
import Mail
import Testing

/// The message builder on its own: what becomes a header, and how.
@Suite(.timeLimit(.minutes(2))) struct MailMessageTests {
    static let from = try! MailAddress("bridge@example.com", name: "TaskBridge")
    static let to = try! MailAddress("team@example.com")
    static let id = try! MessageID(taskID: "42", destinationID: "7")

    static func text(_ message: MailMessage) -> String {
        String(decoding: message.bytes, as: UTF8.self)
    }

    @Test func theMessageIDIsDerivedFromTheTaskAndTheDestination() throws {
        #expect(try MessageID(taskID: "42", destinationID: "7").description == "<42.7@taskbridge>")
        #expect(try MessageID(taskID: "42", destinationID: "7") == MessageID(taskID: "42", destinationID: "7"))
        #expect(throws: MailError.self) { try MessageID(taskID: "4 2", destinationID: "7") }
        #expect(throws: MailError.self) { try MessageID(taskID: "42>\r\nBcc: x", destinationID: "7") }
    }

    @Test func anASCIIMessageHasEveryHeaderAndA7bitBody() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let message = try MailMessage(
            from: Self.from, to: [Self.to], subject: "New bug: login fails", body: "Line one\nLine two",
            date: date, messageID: Self.id)
        let text = Self.text(message)
        let (head, body) = try #require(text.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pair)
        #expect(head.split(separator: "\r\n") == [
            "From: \"TaskBridge\" <bridge@example.com>",
            "To: team@example.com",
            "Subject: New bug: login fails",
            "Date: Fri, 15 Jan 2027 08:00:00 +0000",
            "Message-ID: <42.7@taskbridge>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 7bit",
        ])
        #expect(body == "Line one\r\nLine two\r\n")
    }

    @Test(arguments: ["Hi\r\nBcc: victim@example.com", "Hi\nBcc: x", "Hi\rX: y", "nul\0byte"])
    func aLineBreakInTheSubjectIsRefused(subject: String) {
        #expect(throws: MailError(field: "Subject", reason: "holds a line break (CR or LF), which would start a header of its own")) {
            try MailMessage(from: Self.from, to: [Self.to], subject: subject, body: "", messageID: Self.id)
        }
    }

    @Test func aLineBreakInANameOrAnAddressIsRefused() {
        #expect(throws: MailError.self) { try MailAddress("a@example.com", name: "Eve\r\nBcc: x@example.com") }
        #expect(throws: MailError.self) { try MailAddress("a@example.com\r\nBcc: x@example.com") }
        #expect(throws: MailError.self) { try MailAddress("not an address") }
        #expect(throws: MailError.self) { try MailAddress("a@b@c") }
    }

    @Test func aNonASCIISubjectAndNameAreEncodedWords() throws {
        let subject = "Überprüfung nötig: ✓ " + String(repeating: "é", count: 40)
        let message = try MailMessage(
            from: try MailAddress("bridge@example.com", name: "Zoë"), to: [Self.to], subject: subject, body: "",
            messageID: Self.id)
        let text = Self.text(message)
        #expect(text.contains("From: =?UTF-8?B?Wm/Dqw==?= <bridge@example.com>"))
        let subjectHeader = try #require(text.firstMatch(of: /Subject: ((?:.|\r\n )*)\r\nDate/)).1
        let words = subjectHeader.split(separator: "\r\n ")
        #expect(words.count > 1)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            let base64 = try #require(word.firstMatch(of: /^=\?UTF-8\?B\?([A-Za-z0-9+\/=]+)\?=$/)).1
            // Every word decodes on its own to whole characters: no character is split between two words.
            let bytes = try #require(Data(base64Encoded: String(base64)))
            #expect(String(data: bytes, encoding: .utf8) != nil)
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(text.allSatisfy { $0.isASCII })
    }

    @Test func aNonASCIIBodyIsBase64InShortLines() throws {
        let body = String(repeating: "Grüße aus Köln. ", count: 20)
        let message = try MailMessage(from: Self.from, to: [Self.to], subject: "x", body: body, messageID: Self.id)
        let text = Self.text(message)
        #expect(text.contains("Content-Transfer-Encoding: base64"))
        let encoded = try #require(text.split(separator: "\r\n\r\n", maxSplits: 1).last)
        #expect(encoded.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
        let bytes = try #require(Data(base64Encoded: String(encoded).replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: bytes, as: UTF8.self) == body + "\r\n")
    }

    @Test func aSubjectThatLooksEncodedIsEncodedSoItReadsAsWritten() throws {
        let message = try MailMessage(
            from: Self.from, to: [Self.to], subject: "=?UTF-8?B?ZXZpbA==?=", body: "", messageID: Self.id)
        #expect(!Self.text(message).contains("Subject: =?UTF-8?B?ZXZpbA==?=\r\n"))
    }

    @Test func aMessageNeedsARecipient() {
        #expect(throws: MailError.self) { try MailMessage(from: Self.from, to: [], subject: "x", body: "", messageID: Self.id) }
    }
}

extension Array {
    /// The two elements of a two-element array.
    fileprivate var pair: (Element, Element)? { count == 2 ? (self[0], self[1]) : nil }
}
