import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct BugTitleTests {
    @Test func hasTheShapeAndAWordFromTheList() throws {
        var rng = SeededGenerator(seed: 42)
        let words = Set(BugTitle.words)
        for _ in 0..<1000 {
            let title = BugTitle.make(using: &rng)
            let match = try #require(title.wholeMatch(of: /bug-([a-z]+)-([0-9]+)/))
            #expect(words.contains(String(match.1)))
            #expect(BugTitle.numbers.contains(try #require(Int(match.2))))
        }
    }

    @Test func isDeterministicForASeed() {
        var first = SeededGenerator(seed: 9)
        var second = SeededGenerator(seed: 9)
        let one = (0..<20).map { _ in BugTitle.make(using: &first) }
        let two = (0..<20).map { _ in BugTitle.make(using: &second) }
        #expect(one == two)
        #expect(Set(one).count > 1)
    }

    @Test func theListIsLargeUniqueAndPlainLowercase() {
        #expect(BugTitle.words.count >= 500)
        #expect(Set(BugTitle.words).count == BugTitle.words.count)
        for word in BugTitle.words {
            #expect(!word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }, "\(word)")
        }
    }
}
