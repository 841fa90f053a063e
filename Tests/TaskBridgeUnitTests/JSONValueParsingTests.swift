import Foundation
import TaskBridgeCore
import TaskBridgeJSON
import Testing

@Suite(.timeLimit(.minutes(3))) struct JSONValueParsingTests {
    /// Texts both parsers must agree on, valid and invalid (the parser's result must equal JSONDecoder's).
    static let corpus: [String] = [
        "{}", "[]", " {} ", "\n\r\t[ ]\n", "null", "true", "false", "0", "-0", "1", "-1", "42", "1.5", "-2.25",
        "1e5", "1E5", "1e+5", "1e-5", "-1.5E-3", "0.1", "0.000e999", "0e400", "123456789012345", "1234567890123456",
        "123456789012345678901234567890", "18446744073709551616", "9007199254740993", "1.7976931348623157e308",
        "1.7976931348623158e308", "4.9e-324", "3e-324", "1e-320", "0.0001e310", "-0.0",
        #""""#, #""text""#, #""a\"b\\c\/d\be\ff\ng\rh\ti""#, #""\u0041\u00e9\u4e2d\ud83d\ude00""#, #""\u0000""#,
        #""\uDBFF\uDFFF""#, "\"é中😀\"", "\"\u{7F}\"", #"{"\u0061":1}"#, #"{"a" : 1 , "b":[ ] }"#,
        #"{"s":"x","n":1.5,"t":true,"f":false,"z":null,"a":[1,"b",[{}]],"o":{"k":{"k":"v"}}}"#,
        #"{"a":1,"a":2}"#, #"{"a":{"x":1},"b":0,"a":[2]}"#, "\u{FEFF}{\"a\":[]}",
        "", " ", "[", "]", "{", "}", "[1 2]", "[1,,2]", "[,]", "[,1]", "{,}", #"{"a"}"#, #"{"a":}"#, #"{"a" 1}"#,
        "{1:2}", "{a:1}", "['a']", "[1]]", "{} x", "{}}", "tru", "truex", "nul", "nulL", "fals", "NaN", "Infinity",
        "-Infinity", "+1", "01", "-01", "00", "1.", ".5", "-", "-.5", "1e", "1e+", "1.e5", "[-]", "[1e5.]", "0x10",
        "1e400", "-1e400", "1e-400", "2.4e-324", "1e99999999999999999999", "1e-99999999999999999999",
        "0e99999999999999999999", "1.7976931348623159e308", "\u{0C}[]", "\u{A0}[]", "\"a\tb\"", "\"\u{1}\"",
        "\"a\nb\"", #""\x""#, #""\U0041""#, #""\u12""#, #""\uGGGG""#, #""\ud800""#, #""\udc00""#, #""\uDEAD""#,
        #""\ud83d x""#, #""\ud83d\u0041""#, #""\ud800\ud800""#, #""\ud83d\""#, "\"abc", "\"\\", "{\"a\":1}\u{0}",
        "[\"a\"\n]", "[true false]", "[null,]x",
    ]

    @Test(arguments: corpus) func agreesWithJSONDecoder(_ text: String) {
        #expect((try? json(text)) == foundationJSON(Array(text.utf8)))
    }

    @Test func agreesWithJSONSerializationOnValidTexts() throws {
        // Where JSONSerialization and JSONDecoder differ, the API keeps JSONDecoder's way: it keeps the last of
        // duplicate keys (JSONDecoder the first) and reads a number too small for a Double as 0 (JSONDecoder refuses).
        let differing = [#"{"a":1,"a":2}"#, #"{"a":{"x":1},"b":0,"a":[2]}"#, "1e-400", "2.4e-324", "1e-99999999999999999999"]
        for text in Self.corpus where !differing.contains(text) {
            let serialized = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
            #expect((try? json(text)) == serialized.map(Self.value), "\(text.debugDescription)")
        }
    }

    @Test func agreesWithJSONDecoderOnRandomDocumentsAndTheirMutations() throws {
        var rng = SeededGenerator(seed: 8259)
        let encoder = JSONEncoder()
        for round in 0..<400 {
            let document = Self.randomValue(depth: 0, using: &rng)
            let bytes = Array(try encoder.encode(document))
            #expect(try JSONValue(parsing: bytes) == document)
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !mutated.isEmpty {
                let at = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated.remove(at: at)
                case 1: mutated.insert(Array(#"{}[],:"\-.e0 tn\#u{1}é"#.utf8).randomElement(using: &rng)!, at: at)
                default: mutated[at] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            let ours = try? JSONValue(parsing: mutated)
            let foundation = foundationJSON(mutated)
            if ours != foundation {
                // The one allowed difference: JSONDecoder takes a trailing comma, RFC 8259 (and we) do not.
                let text = String(decoding: mutated, as: UTF8.self)
                #expect(
                    ours == nil && text.contains(/,[ \t\r\n]*[\]}]/), "round \(round): \(text.debugDescription)")
            }
        }
    }

    @Test func refusesTrailingCommasThatJSONDecoderTook() {
        for text in ["[1,]", #"{"a":1,}"#, "[1 ,\n]"] {
            #expect(throws: JSONValue.ParseError.self) { try json(text) }
            #expect(foundationJSON(Array(text.utf8)) != nil)
        }
    }

    @Test func takesOnlyUTF8() throws {
        let utf16 = Array("[]".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: [0xFE, 0xFF] + utf16) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: utf16) }
        for invalid: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: [0x22] + invalid + [0x22]) }
            #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: [0x22, 0x5C, 0x6E] + invalid + [0x22]) }
        }
        #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF, 0x31]) == .number(1))
    }

    @Test func decodesEveryEscape() throws {
        #expect(try json(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try json(#""a\u00E9b\u4E2Dc\uD83D\uDE00d""#) == .string("aéb中c😀d"))
        #expect(try json(#""\u0000\u001f""#) == .string("\u{0}\u{1F}"))
        #expect(try json(#"{"k\u00e9y":"v"}"#) == .object(["kéy": .string("v")]))
    }

    @Test func refusesLoneSurrogatesAndControlCharacters() {
        for text in [#""\ud800""#, #""\udfff""#, #""\ud800x""#, #""\ud800\n""#, #""\ud800\ud800""#, #""\ude00\ud83d""#] {
            #expect(throws: JSONValue.ParseError.self, "\(text)") { try json(text) }
        }
        for control in 0..<0x20 {
            let text = "\"a" + String(UnicodeScalar(UInt8(control))) + "\""
            #expect(throws: JSONValue.ParseError.self, "\(control)") { try json(text) }
        }
    }

    @Test func readsNumbersAsTheNearestDouble() throws {
        #expect(try json("0.1") == .number(0.1))
        #expect(try json("123456789012345678") == .number(Double("123456789012345678")!))
        #expect(try json("1e308") == .number(1e308))
        #expect(try json("-4.9e-324") == .number(-Double.leastNonzeroMagnitude))
        #expect(try json("2.2250738585072014e-308") == .number(Double.leastNormalMagnitude))
        #expect(try json("[-0]") == .array([.number(0)]))
        guard case .number(let negativeZero) = try json("-0") else { return }
        #expect(negativeZero.sign == .minus)
        let long = "0." + String(repeating: "0", count: 400) + "1e401"
        #expect(try json(long) == .number(1))
    }

    @Test func limitsNesting() throws {
        let limit = JSONValue.maximumDepth
        #expect(throws: Never.self) { try json(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) }
        #expect(throws: JSONValue.ParseError.self) {
            try json(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        }
        let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(throws: JSONValue.ParseError.self) { try json(objects) }
        #expect(foundationJSON(Array(objects.utf8)) == nil)
        // Far deeper than the stack could take if the limit were missing.
        #expect(throws: JSONValue.ParseError.self) { try json(String(repeating: "[", count: 1_000_000)) }
    }

    @Test func keepsTheFirstOfDuplicateKeys() throws {
        #expect(try json(#"{"a":1,"b":2,"a":3}"#) == .object(["a": .number(1), "b": .number(2)]))
        // The duplicate is still parsed: an invalid one makes the whole text invalid.
        #expect(throws: JSONValue.ParseError.self) { try json(#"{"a":1,"a":01}"#) }
    }

    @Test func saysWhereItStopped() {
        #expect(throws: JSONValue.ParseError("expected ',' or ']'", at: 3)) { try json("[1 2]") }
        #expect(throws: JSONValue.ParseError("unexpected data after the value", at: 3)) { try json("{} x") }
        #expect(throws: JSONValue.ParseError("number out of range", at: 1)) { try json("[1e400]") }
        #expect(JSONValue.ParseError("unterminated string", at: 4).description == "Invalid JSON at byte 4: unterminated string")
    }

    @Test func parsesAnyCollectionOfBytes() throws {
        let text = #"{"list":[1,"two",null]}"#
        let expected = JSONValue.object(["list": .array([.number(1), .string("two"), .null])])
        #expect(try JSONValue(parsing: Data(text.utf8)) == expected)
        #expect(try JSONValue(parsing: text.utf8) == expected)
        #expect(try JSONValue(parsing: text.utf8.reversed().reversed()) == expected)
    }

    /// A JSONSerialization result as a JSONValue (NSNumber booleans have the `c` type).
    static func value(_ any: Any) -> JSONValue {
        switch any {
        case let object as [String: Any]: .object(object.mapValues(value))
        case let array as [Any]: .array(array.map(value))
        case let string as String: .string(string)
        case let number as NSNumber:
            String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        default: .null
        }
    }

    static func randomValue(depth: Int, using rng: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            let numbers = [0, -1, 0.5, 1e-7, 123_456_789, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude]
            let number = numbers.randomElement(using: &rng)!
            return .number(Bool.random(using: &rng) ? number : -number)
        case 3, 4:
            let alphabet = Array("ab\"\\/\n\t\u{1}\u{7F}é中😀\u{2028} ")
            return .string(String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
        case 5, 6:
            return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for key in ["a", "b", "é", "k\"ey", ""].shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)) {
                members[key] = randomValue(depth: depth + 1, using: &rng)
            }
            return .object(members)
        }
    }
}
