import Foundation
import Testing
import TestSupport

/// ARCHITECTURE.md's module table is the law of imports: every source file obeys its module's row.
@Suite(.timeLimit(.minutes(1))) struct ArchitectureTests {
    /// One row of the table: a module, the modules of ours it may import, and what it must never import.
    struct Rule {
        let module: String
        let mayImport: Set<String>
        let neverImports: Set<String>
    }

    /// The rows of the module table in ARCHITECTURE.md.
    static func rules() throws -> [Rule] {
        try RepositoryFile.text("ARCHITECTURE.md").split(separator: "\n").compactMap { line -> Rule? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 6, cells[1].hasPrefix("`") else { return nil }
            func names(_ cell: String) -> Set<String> { Set(cell.matches(of: /`([A-Za-z-]+)`/).map { String($0.1) }) }
            return Rule(module: String(names(cells[1]).first ?? ""), mayImport: names(cells[3]), neverImports: names(cells[4]))
        }
    }

    /// The modules the file at `path` imports.
    static func imports(of path: String) throws -> Set<String> {
        imports(in: try RepositoryFile.text(path))
    }

    /// The modules `text` imports, `@testable` and `import struct M.T` forms included.
    static func imports(in text: String) -> Set<String> {
        Set(text.matches(of: /(?m)^\s*(?:@testable\s+)?import\s+(?:(?:struct|class|enum|protocol|func|typealias|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)/).map { String($0.1) })
    }

    @Test func everyModuleHasARowAndEveryFileKeepsItsRowsRules() throws {
        let rules = try Self.rules()
        #expect(rules.count >= 10, "the module table was not found in ARCHITECTURE.md")
        let folders = try FileManager.default.contentsOfDirectory(
            atPath: TestServices.repositoryRoot.appendingPathComponent("Sources").path)
        // The C shims are modules of ours too: a row may allow them, and no row may import them unless allowed.
        let ours = Set(rules.map(\.module)).union(folders)
        for folder in folders.sorted() where !folder.hasPrefix("C") {
            guard let rule = rules.first(where: { $0.module == folder }) else {
                Issue.record("Sources/\(folder) has no row in ARCHITECTURE.md's module table")
                continue
            }
            for path in RepositoryFile.files(under: "Sources/\(folder)", endingWith: ".swift") {
                for module in try Self.imports(of: path) where module != folder {
                    #expect(!rule.neverImports.contains(module), "\(path) imports \(module), which \(folder) must never import")
                    if ours.contains(module) {
                        #expect(rule.mayImport.contains(module), "\(path) imports \(module), which \(folder)'s row does not allow")
                    }
                }
            }
        }
    }

    @Test func aForbiddenImportIsCaught() {
        let rule = Rule(module: "TaskBridgeCore", mayImport: ["PostgresClient"], neverImports: ["Hummingbird"])
        let text = "import Foundation\n@testable import Hummingbird\nimport struct TaskBridgeAPI.Problem\n"
        let found = Self.imports(in: text)
        #expect(found == ["Foundation", "Hummingbird", "TaskBridgeAPI"])
        #expect(found.contains { rule.neverImports.contains($0) })
        #expect(!found.subtracting(["Foundation", "Hummingbird"]).isSubset(of: rule.mayImport))
    }
}
