/// A `Message-ID` derived from a task and a destination, `<task-id.destination-id@taskbridge>`: every attempt to
/// deliver the same task to the same destination sends the same id, so a resend is recognisably the same mail.
public struct MessageID: Sendable, Equatable, CustomStringConvertible {
    /// The id with its angle brackets, as the header holds it.
    public let description: String

    /// Derives the id; the ids may hold letters, digits, `-` and `_` only (UUIDs and integers do).
    public init(taskID: String, destinationID: String, domain: String = "taskbridge") throws(MailError) {
        for (name, part) in [("task id", taskID), ("destination id", destinationID), ("domain", domain)] {
            guard !HeaderText.hasLineBreak(part) else { throw .lineBreak(in: "Message-ID's \(name)") }
            let allowed = part.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_".utf8.contains(byte)
                    || (name == "domain" && byte == UInt8(ascii: "."))
            }
            guard !part.isEmpty, allowed else {
                throw MailError(field: "Message-ID", reason: "needs a \(name) of letters, digits, - and _ only")
            }
        }
        self.description = "<\(taskID).\(destinationID)@\(domain)>"
    }
}
