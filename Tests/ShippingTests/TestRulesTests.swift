import Foundation
import Testing

/// What keeps every test run finite, checked on the test sources themselves: scripts/watchdog bounds the whole run,
/// these bound each test and keep out the child-process API that hung.
@Suite(.timeLimit(.minutes(3))) struct TestRulesTests {
    private static func testSources() throws -> [(path: String, text: String)] {
        try RepositoryFile.files(under: "Tests", endingWith: ".swift").map { ($0, try RepositoryFile.text($0)) }
    }

    @Test func everySuiteHasATimeLimit() throws {
        var suites = 0
        for (path, text) in try Self.testSources() {
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("@Suite") {
                suites += 1
                #expect(line.contains(".timeLimit("), "\(path): \(line)")
            }
        }
        #expect(suites > 50)
    }

    @Test func noTestStartsAProcessWithFoundationsProcess() throws {
        // Foundation's Process learns of a child's end on a queue the concurrency pool can starve: those tests hung.
        // ChildProcess (TestSupport) is the way to run one.
        for (path, text) in try Self.testSources() {
            let uses = text.matches(of: /(^|[^A-Za-z_])Process[(.]/)
            #expect(uses.isEmpty, "\(path) uses Foundation's Process")
        }
    }
}
