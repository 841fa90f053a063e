/// One-dimensional array literals (`{"a","b\"c",NULL}`) both ways.
enum PostgresArrayLiteral {
    /// Quotes every element, so commas, braces, quotes, backslashes, spaces and the word NULL stay data.
    static func encode<Element: PostgresArrayElement>(_ elements: [Element]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let text = element.postgresText else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The elements' texts (nil for NULL) of a one-dimensional array literal as PostgreSQL prints it, or nil
    /// when the text is not one (multidimensional arrays included).
    static func parse(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>?]? {
        var index = text.startIndex
        if index < text.endIndex, text[index] == UInt8(ascii: "[") {
            // Bounds decoration such as `[0:2]=`, printed when the lower bound is not 1.
            guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            index = equals + 1
        }
        guard index < text.endIndex, text[index] == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else {
            return nil
        }
        index += 1
        let end = text.endIndex - 1
        var elements: [ArraySlice<UInt8>?] = []
        if index == end { return elements }
        while true {
            guard index < end else { return nil }
            if text[index] == UInt8(ascii: "\"") {
                guard let (element, next) = quotedElement(text, from: index + 1, end: end) else { return nil }
                elements.append(element)
                index = next
            } else {
                guard text[index] != UInt8(ascii: "{") else { return nil }
                var stop = index
                while stop < end, text[stop] != UInt8(ascii: ",") { stop += 1 }
                let element = text[index..<stop]
                let isNull = element.count == 4 && element.map { $0 | 0x20 }.elementsEqual("null".utf8)
                elements.append(isNull ? nil : element)
                index = stop
            }
            if index == end { return elements }
            guard text[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    /// The unescaped text of a quoted element starting after its opening quote, and the index after its closing one.
    private static func quotedElement(
        _ text: ArraySlice<UInt8>, from start: Int, end: Int
    ) -> (ArraySlice<UInt8>, Int)? {
        var index = start
        var unescaped: [UInt8]?
        while index < end {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") {
                return (unescaped.map { ArraySlice($0) } ?? text[start..<index], index + 1)
            }
            if byte == UInt8(ascii: "\\") {
                if unescaped == nil { unescaped = Array(text[start..<index]) }
                index += 1
                guard index < end else { return nil }
                unescaped?.append(text[index])
            } else {
                unescaped?.append(byte)
            }
            index += 1
        }
        return nil
    }
}
