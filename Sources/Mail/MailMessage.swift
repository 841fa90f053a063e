import Foundation

/// A plain-text mail as RFC 5322 bytes: From, To, Subject, Date, Message-ID and a UTF-8 `text/plain` body.
///
/// Nothing a task holds can add a header: every header value is checked for CR and LF when the message is made,
/// and non-ASCII subjects and names are encoded (RFC 2047). Line ends in the body become CRLF.
public struct MailMessage: Sendable {
    /// The author.
    public let from: MailAddress
    /// The recipients; at least one.
    public let to: [MailAddress]
    /// The subject, as the reader sees it.
    public let subject: String
    /// The body text.
    public let body: String
    /// When the mail was written.
    public let date: Date
    /// The id that makes a resend the same mail.
    public let messageID: MessageID

    /// Checks what would become a header; throws `MailError` for a CR or LF in the subject or for no recipient.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, body: String, date: Date = Date(), messageID: MessageID
    ) throws(MailError) {
        guard !HeaderText.hasLineBreak(subject) else { throw .lineBreak(in: "Subject") }
        guard !to.isEmpty else { throw MailError(field: "To", reason: "names no recipient") }
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
    }

    /// The envelope recipients for `SMTPSubmission.recipients`.
    public var recipients: [String] { to.map(\.address) }

    /// The whole message, headers and body, CRLF line ends.
    public var bytes: [UInt8] {
        let (encoding, encodedBody) = Self.encodedBody(body)
        let headers = [
            "From: \(from.headerValue)",
            "To: \(to.map(\.headerValue).joined(separator: ",\r\n "))",
            "Subject: \(HeaderText.unstructured(subject))",
            "Date: \(Self.dateFormatter.string(from: date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: \(encoding)",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + encodedBody).utf8)
    }

    /// 7bit when the body is short-lined ASCII, else base64 in 76-character lines (no server need speak 8BITMIME).
    private static func encodedBody(_ body: String) -> (String, String) {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let crlf = lines.joined(separator: "\r\n") + "\r\n"
        let plain = lines.allSatisfy { line in line.utf8.count <= 998 && line.utf8.allSatisfy { $0 < 0x80 && $0 != 0 } }
        if plain { return ("7bit", crlf) }
        let encoded = Base64.encode(Array(crlf.utf8))
        var wrapped: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            wrapped.append(encoded[start..<end])
            start = end
        }
        return ("base64", wrapped.joined(separator: "\r\n") + "\r\n")
    }

    /// RFC 5322's date, in UTC: `Sun, 29 Nov 2026 13:45:00 +0000`.
    private static var dateFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }
}
