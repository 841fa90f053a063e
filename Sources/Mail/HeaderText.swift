/// What header values may hold, and how text that would not fit as it is gets encoded (RFC 2047, RFC 5322).
enum HeaderText {
    /// Whether `text` holds CR, LF or NUL: any of them could end a header and start another.
    static func hasLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    /// Unstructured text such as a subject: as it is when it is short printable ASCII, else encoded words.
    static func unstructured(_ text: String) -> String {
        let printable = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        // "=?" could be read as the start of an encoded word; long lines would need folding.
        if printable && !text.contains("=?") && text.utf8.count <= 900 { return text }
        return encodedWords(text)
    }

    /// A display name: a quoted string when ASCII, else encoded words.
    static func phrase(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !text.contains("=?") else {
            return encodedWords(text)
        }
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// `=?UTF-8?B?...?=` words of at most 75 characters, folded onto lines of their own; a character's bytes are
    /// never split across two words.
    static func encodedWords(_ text: String) -> String {
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 base64 characters, i.e. 45 bytes of UTF-8 at most.
        let maximumBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maximumBytes && !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Base64.encode(bytes))?="
    }
}
