/// A mailbox: a bare address and an optional display name.
public struct MailAddress: Sendable, Equatable {
    /// The bare address, `local@domain`.
    public let address: String
    /// The name shown beside it, if any; non-ASCII names are encoded (RFC 2047).
    public let name: String?

    /// Checks the address: one `@`, no spaces, brackets, quotes or line breaks, ASCII only.
    public init(_ address: String, name: String? = nil) throws(MailError) {
        guard !HeaderText.hasLineBreak(address) else { throw .lineBreak(in: "address") }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = address.utf8.contains { $0 <= 0x20 || $0 >= 0x7F || "<>()[]\\,;:\"".utf8.contains($0) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !forbidden else {
            throw MailError(field: "address", reason: "is not a plain address like name@example.com")
        }
        if let name, HeaderText.hasLineBreak(name) { throw .lineBreak(in: "display name") }
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The mailbox as a header writes it: `Name <a@b>`, the name quoted or encoded as needed.
    var headerValue: String {
        guard let name else { return address }
        return "\(HeaderText.phrase(name)) <\(address)>"
    }
}
