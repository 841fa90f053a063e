extension JSONValue {
    /// The deepest nesting of arrays and objects accepted, as Foundation's `JSONDecoder` allows.
    public static let maximumDepth = 512

    /// Parses one JSON text (RFC 8259) from UTF-8 bytes, as `JSONDecoder` did for the API but without the
    /// Codable machinery, which cost a tenth of the API's CPU per request.
    ///
    /// Strict where `JSONDecoder` is strict: no lone surrogates, raw control characters, leading zeros, NaN or
    /// numbers beyond `Double`'s range. Like it, a UTF-8 byte order mark is skipped and the first of duplicate keys
    /// wins. Stricter in two ways JSON requires: trailing commas are refused, and so is any encoding but UTF-8.
    public init(parsing bytes: some Collection<UInt8>) throws(ParseError) {
        if let parsed = bytes.withContiguousStorageIfAvailable(JSONParser.parse) {
            self = try parsed.get()
        } else {
            self = try Array(bytes).withUnsafeBufferPointer(JSONParser.parse).get()
        }
    }
}

/// A recursive-descent parser over one contiguous UTF-8 text; lives only inside `JSONValue.init(parsing:)`, as
/// its buffer does.
private struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The one value of `bytes`, or why there is none.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONValue.ParseError> {
        var parser = JSONParser(bytes)
        return Result { () throws(JSONValue.ParseError) in try parser.document() }
    }

    /// The one value of the text, with only whitespace around it.
    private mutating func document() throws(JSONValue.ParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try self.value()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected data after the value") }
        return value
    }

    private mutating func value() throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func object() throws(JSONValue.ParseError) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw fail("expected ':'") }
            let value = try self.value()
            // The first of duplicate keys wins, as it did with JSONDecoder.
            if members[key] == nil { members[key] = value }
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw fail("expected ',' or '}'") }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(JSONValue.ParseError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            elements.append(try value())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw fail("expected ',' or ']'") }
        depth -= 1
        return .array(elements)
    }

    private mutating func enterContainer() throws(JSONValue.ParseError) {
        depth += 1
        guard depth <= JSONValue.maximumDepth else { throw fail("nested deeper than \(JSONValue.maximumDepth)") }
        index += 1
    }

    /// A string starting at its opening quote; bytes are copied as they are unless an escape forces a rewrite.
    private mutating func string() throws(JSONValue.ParseError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return try validated(raw, at: start)
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw fail("control character in a string") }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// The rest of a string holding escapes, rebuilt byte by byte from `start`.
    private mutating func escapedString(from start: Int) throws(JSONValue.ParseError) -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try utf8.withUnsafeBufferPointer { buffer throws(JSONValue.ParseError) in
                    try validated(buffer, at: start)
                }
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: UTF8.encode(try unicodeEscape())!)
                default:
                    index -= 1
                    throw fail("unknown escape")
                }
            case 0..<0x20:
                index -= 1
                throw fail("control character in a string")
            default:
                utf8.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair; a lone half is an error.
    private mutating func unicodeEscape() throws(JSONValue.ParseError) -> Unicode.Scalar {
        let first = try hexQuad()
        switch first {
        case 0xD800...0xDBFF:
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw fail("high surrogate without its low half") }
            index += 2
            let second = try hexQuad()
            guard (0xDC00...0xDFFF).contains(second) else { throw fail("high surrogate without its low half") }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw fail("low surrogate without its high half")
        default:
            return Unicode.Scalar(first)!
        }
    }

    private mutating func hexQuad() throws(JSONValue.ParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func validated(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONValue.ParseError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw JSONValue.ParseError("invalid UTF-8 in a string", at: start)
        }
        return string
    }

    /// A number by JSON's grammar, as the nearest `Double`; one too large, or too small to be told from zero, is
    /// refused rather than silently changed, as JSONDecoder refused it.
    private mutating func number() throws(JSONValue.ParseError) -> Double {
        let start = index
        var negative = false
        if consume(UInt8(ascii: "-")) { negative = true }
        var significant = false
        var integer = 0
        var digits = 0
        if consume(UInt8(ascii: "0")) {
            digits = 1
        } else {
            while index < bytes.count, let digit = digit(bytes[index]) {
                if digits < 18 { integer = integer * 10 + Int(digit) }
                significant = significant || digit != 0
                digits += 1
                index += 1
            }
            guard digits > 0 else { throw fail("expected a digit") }
        }
        var simple = digits <= 15
        if consume(UInt8(ascii: ".")) {
            simple = false
            significant = try fractionOrExponentDigits() || significant
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            simple = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            _ = try fractionOrExponentDigits()
        }
        // Up to 15 digits an integer is exact in a Double: no need to go through text.
        if simple { return negative ? -Double(integer) : Double(integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite, value != 0 || !significant else {
            throw JSONValue.ParseError("number out of range", at: start)
        }
        return value
    }

    /// Reads one or more digits; true when one of them is not zero.
    private mutating func fractionOrExponentDigits() throws(JSONValue.ParseError) -> Bool {
        var nonZero = false
        let start = index
        while index < bytes.count, let digit = digit(bytes[index]) {
            nonZero = nonZero || digit != 0
            index += 1
        }
        guard index > start else { throw fail("expected a digit") }
        return nonZero
    }

    private func digit(_ byte: UInt8) -> UInt8? {
        byte &- UInt8(ascii: "0") < 10 ? byte &- UInt8(ascii: "0") : nil
    }

    private mutating func literal(_ word: StaticString) throws(JSONValue.ParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ $0.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + count])) })
        else { throw fail("unexpected character") }
        index += count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private func fail(_ reason: String) -> JSONValue.ParseError {
        JSONValue.ParseError(reason, at: index)
    }
}
