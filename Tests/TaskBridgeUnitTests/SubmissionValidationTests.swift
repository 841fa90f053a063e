import Foundation
import TaskBridgeCore
import TaskBridgeJSON
import Testing

@Suite(.timeLimit(.minutes(3))) struct SubmissionValidationTests {
    /// The problems found in a body; records an issue if it was accepted.
    private func problems(_ body: JSONValue?) -> [FieldProblem] {
        var rng = SeededGenerator(seed: 1)
        do {
            let task = try TaskKinds.validate(body, using: &rng)
            Issue.record("accepted: \(task)")
            return []
        } catch {
            return error.problems
        }
    }

    private func problems(_ text: String) throws -> [FieldProblem] {
        problems(try json(text))
    }

    private func accept(_ text: String, seed: UInt64 = 1) throws -> NewTask {
        var rng = SeededGenerator(seed: seed)
        return try TaskKinds.validate(try json(text), using: &rng)
    }

    private func body(_ fields: [String: JSONValue]) -> JSONValue { .object(fields) }

    // MARK: accepted

    @Test func acceptsAnIssueKeepingTextAsSent() throws {
        let task = try accept(#"{"type":"issue","title":"  Login fails ","description":"Steps:\n1. open"}"#)
        #expect(task == NewTask(type: "issue", title: "  Login fails ", description: "Steps:\n1. open"))
    }

    @Test func acceptsABugAndGivesItATitle() throws {
        let task = try accept(#"{"type":"bug","description":"It crashes"}"#)
        #expect(task.type == "bug")
        #expect(task.description == "It crashes")
        #expect(task.category == nil)
        #expect(task.title.wholeMatch(of: /bug-[a-z]+-[0-9]+/) != nil)
    }

    @Test func bugTitlesRepeatWithTheSameSeed() throws {
        let text = #"{"type":"bug","description":"It crashes"}"#
        #expect(try accept(text, seed: 7).title == accept(text, seed: 7).title)
    }

    @Test(arguments: CategorizedTaskKind.categories)
    func acceptsATaskOfEachCategory(category: String) throws {
        let task = try accept(#"{"type":"task","title":"Rotate keys","category":"\#(category)"}"#)
        #expect(task == NewTask(type: "task", title: "Rotate keys", category: category))
    }

    // MARK: the body and its type

    @Test func refusesAMissingBody() {
        #expect(problems(nil) == [FieldProblem(field: nil, code: .notAnObject, message: "the body must be a JSON object")])
    }

    @Test(arguments: [("[]", "array"), (#""issue""#, "string"), ("3", "number"), ("null", "null")])
    func refusesABodyThatIsNotAnObject(text: String, typeName: String) throws {
        #expect(try problems(text) == [
            FieldProblem(field: nil, code: .notAnObject, message: "the body must be a JSON object, got \(typeName)")
        ])
    }

    @Test func refusesAMissingTypeListingTheTypes() throws {
        #expect(try problems(#"{"title":"x","description":"y"}"#) == [
            FieldProblem(field: "type", code: .required, message: "is required; one of: issue, bug, task")
        ])
    }

    @Test func refusesAnUnknownTypeAlone() throws {
        // Without a kind, the other fields cannot be judged; only `type` is reported.
        #expect(try problems(#"{"type":"story","tittle":"x"}"#) == [
            FieldProblem(field: "type", code: .notAllowedValue, message: "must be one of: issue, bug, task")
        ])
    }

    @Test func typesAreCaseSensitive() throws {
        #expect(try problems(#"{"type":"Issue","title":"x","description":"y"}"#).map(\.code) == [.notAllowedValue])
    }

    @Test func refusesATypeThatIsNotAString() throws {
        #expect(try problems(#"{"type":1}"#) == [
            FieldProblem(field: "type", code: .wrongType, message: "must be a string, one of: issue, bug, task; got number")
        ])
    }

    // MARK: fields

    @Test func reportsEveryMissingField() throws {
        #expect(try problems(#"{"type":"issue"}"#) == [
            FieldProblem(field: "title", code: .required, message: "is required"),
            FieldProblem(field: "description", code: .required, message: "is required"),
        ])
    }

    @Test func reportsATypoAsUnknownNeverDropsIt() throws {
        #expect(try problems(#"{"type":"issue","tittle":"Login","description":"y"}"#) == [
            FieldProblem(field: "title", code: .required, message: "is required"),
            FieldProblem(field: "tittle", code: .unknownField, message: "unknown field for type issue"),
        ])
    }

    @Test func reportsFieldsOfAnotherKind() throws {
        #expect(try problems(#"{"type":"task","title":"x","category":"Test","description":"y"}"#) == [
            FieldProblem(field: "description", code: .unknownField, message: "unknown field for type task")
        ])
    }

    @Test func refusesATitleOnABug() throws {
        #expect(try problems(#"{"type":"bug","title":"mine","description":"y"}"#) == [
            FieldProblem(field: "title", code: .notAllowed, message: "must not be sent: a bug's title is generated")
        ])
    }

    @Test func refusesEvenANullTitleOnABug() throws {
        #expect(try problems(#"{"type":"bug","title":null,"description":"y"}"#).map(\.code) == [.notAllowed])
    }

    @Test(arguments: [
        (JSONValue.number(5), "number"), (.bool(true), "boolean"), (.null, "null"), (.array([]), "array"),
        (.object([:]), "object"),
    ])
    func refusesATitleOfTheWrongJSONType(value: JSONValue, typeName: String) {
        let found = problems(body(["type": .string("issue"), "title": value, "description": .string("y")]))
        #expect(found == [FieldProblem(field: "title", code: .wrongType, message: "must be a string, got \(typeName)")])
    }

    @Test(arguments: ["", " ", "\n\t  ", "\u{00A0}\u{3000}"])
    func refusesEmptyAndWhitespaceOnlyText(text: String) {
        let found = problems(body(["type": .string("issue"), "title": .string("x"), "description": .string(text)]))
        #expect(found == [
            FieldProblem(field: "description", code: .empty, message: "must not be empty or only whitespace")
        ])
    }

    @Test func refusesTheNulCharacter() {
        let found = problems(body(["type": .string("issue"), "title": .string("a\u{0}b"), "description": .string("y")]))
        #expect(found == [
            FieldProblem(field: "title", code: .invalidCharacter, message: "must not contain the character U+0000")
        ])
    }

    @Test func titleLimitIs512() {
        let ok = body(["type": .string("task"), "title": .string(String(repeating: "a", count: 512)),
                       "category": .string("Test")])
        var rng = SeededGenerator(seed: 1)
        #expect(throws: Never.self) { try TaskKinds.validate(ok, using: &rng) }
        let long = body(["type": .string("task"), "title": .string(String(repeating: "a", count: 513)),
                         "category": .string("Test")])
        #expect(problems(long) == [
            FieldProblem(field: "title", code: .tooLong, message: "must be at most 512 characters, got 513")
        ])
    }

    @Test func descriptionLimitIs16384() {
        let ok = body(["type": .string("bug"), "description": .string(String(repeating: "d", count: 16384))])
        var rng = SeededGenerator(seed: 1)
        #expect(throws: Never.self) { try TaskKinds.validate(ok, using: &rng) }
        let long = body(["type": .string("bug"), "description": .string(String(repeating: "d", count: 16385))])
        #expect(problems(long) == [
            FieldProblem(field: "description", code: .tooLong, message: "must be at most 16384 characters, got 16385")
        ])
    }

    @Test func limitsCountUnicodeScalarsAsJSONSchemaDoes() {
        // "👍🏽" is one Character but two scalars; JSON Schema's maxLength counts scalars.
        let fits = String(repeating: "👍🏽", count: 256)
        let over = String(repeating: "👍🏽", count: 257)
        var rng = SeededGenerator(seed: 1)
        let ok = body(["type": .string("task"), "title": .string(fits), "category": .string("Test")])
        #expect(throws: Never.self) { try TaskKinds.validate(ok, using: &rng) }
        let long = body(["type": .string("task"), "title": .string(over), "category": .string("Test")])
        #expect(problems(long).map(\.message) == ["must be at most 512 characters, got 514"])
    }

    @Test func refusesAWrongCategoryListingTheRightOnes() throws {
        #expect(try problems(#"{"type":"task","title":"x","category":"maintenance"}"#) == [
            FieldProblem(field: "category", code: .notAllowedValue, message: "must be one of: Maintenance, Research, Test")
        ])
    }

    @Test func refusesAMissingOrMistypedCategory() throws {
        #expect(try problems(#"{"type":"task","title":"x"}"#) == [
            FieldProblem(field: "category", code: .required, message: "is required; one of: Maintenance, Research, Test")
        ])
        #expect(try problems(#"{"type":"task","title":"x","category":["Test"]}"#).map(\.code) == [.wrongType])
    }

    @Test func reportsAllProblemsAtOnceInAStableOrder() throws {
        let found = try problems(#"{"zeta":1,"type":"task","title":"   ","category":"Chores","desc":"x"}"#)
        #expect(found == [
            FieldProblem(field: "title", code: .empty, message: "must not be empty or only whitespace"),
            FieldProblem(field: "category", code: .notAllowedValue, message: "must be one of: Maintenance, Research, Test"),
            FieldProblem(field: "desc", code: .unknownField, message: "unknown field for type task"),
            FieldProblem(field: "zeta", code: .unknownField, message: "unknown field for type task"),
        ])
    }

    @Test func describesTheErrorOnOneLine() throws {
        let error = SubmissionError(problems: try problems(#"{"type":"issue","tittle":"x"}"#))
        #expect(error.description
            == "title: is required; description: is required; tittle: unknown field for type issue")
    }

    @Test func encodesProblemsForTheErrorsList() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let field = FieldProblem(field: "title", code: .tooLong, message: "m")
        #expect(String(decoding: try encoder.encode(field), as: UTF8.self)
            == #"{"code":"too_long","field":"title","message":"m"}"#)
        let body = FieldProblem(field: nil, code: .notAnObject, message: "m")
        // `field` is required by the OpenAPI document, so a problem with the whole body says null.
        #expect(String(decoding: try encoder.encode(body), as: UTF8.self)
            == #"{"code":"not_an_object","field":null,"message":"m"}"#)
    }
}
