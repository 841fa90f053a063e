import Foundation
import TaskBridgeCore
import TaskBridgeJSON
import Testing

@Suite(.timeLimit(.minutes(3))) struct JSONValueTests {
    @Test func decodesEveryKindOfValue() throws {
        let value = try json(#"{"s":"x","n":1.5,"i":3,"t":true,"f":false,"z":null,"a":[1,"b"],"o":{"k":"v"}}"#)
        #expect(
            value
                == .object([
                    "s": .string("x"), "n": .number(1.5), "i": .number(3), "t": .bool(true), "f": .bool(false),
                    "z": .null, "a": .array([.number(1), .string("b")]), "o": .object(["k": .string("v")]),
                ]))
    }

    @Test func keepsFieldsNobodyDeclared() throws {
        let value = try json(#"{"type":"issue","tittle":"typo"}"#)
        guard case .object(let fields) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(fields["tittle"] == .string("typo"))
    }

    @Test func tellsBooleansFromNumbers() throws {
        #expect(try json("[true, 1, 0, false]") == .array([.bool(true), .number(1), .number(0), .bool(false)]))
    }

    @Test func decodesTopLevelScalars() throws {
        #expect(try json(#""text""#) == .string("text"))
        #expect(try json("null") == .null)
        #expect(try json("42") == .number(42))
    }

    @Test func encodesBackToTheSameValue() throws {
        let value = try json(#"{"a":[1,true,null,"x"],"b":{"c":-2.25}}"#)
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    @Test func namesEachType() {
        #expect(JSONValue.object([:]).typeName == "object")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.string("").typeName == "string")
        #expect(JSONValue.number(0).typeName == "number")
        #expect(JSONValue.bool(true).typeName == "boolean")
        #expect(JSONValue.null.typeName == "null")
    }
}
