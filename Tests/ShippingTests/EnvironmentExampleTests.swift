import Foundation
import Testing

/// .env.example documents every variable the processes, `make run` and docker-compose.yml read, and nothing else.
@Suite struct EnvironmentExampleTests {
    @Test func everyVariableTheSourcesReadIsDocumented() throws {
        let read = try SourceVariables.readBySources()
        // The reading itself must work, or the check below proves nothing.
        #expect(read.isSuperset(of: ["DATABASE_URL", "REDIS_URL", "HTTP_PORT", "TRELLO_API_KEY", "WORKER_CONCURRENCY", "MIGRATIONS_DIR"]))
        let missing = read.subtracting(try SourceVariables.documented())
        #expect(missing.isEmpty, "read in Sources but not in .env.example: \(missing.sorted())")
    }

    @Test func everyVariableTheComposeFileUsesIsDocumented() throws {
        let used = try ComposeFile(try RepositoryFile.text("docker-compose.yml")).interpolatedVariables
        #expect(used.contains("TRELLO_API_KEY"))
        let missing = used.subtracting(try SourceVariables.documented())
        #expect(missing.isEmpty, "used in docker-compose.yml but not in .env.example: \(missing.sorted())")
    }

    @Test func everyVariableTheRunScriptReadsIsDocumented() throws {
        let missing = try SourceVariables.readByRunScript().subtracting(try SourceVariables.documented())
        #expect(missing.isEmpty, "read by scripts/run but not in .env.example: \(missing.sorted())")
    }

    @Test func everyDocumentedVariableIsReadSomewhere() throws {
        let read = try SourceVariables.readBySources()
            .union(try ComposeFile(try RepositoryFile.text("docker-compose.yml")).interpolatedVariables)
            .union(try SourceVariables.readByRunScript())
        let stale = try SourceVariables.documented().subtracting(read)
        #expect(stale.isEmpty, "in .env.example but read by nothing: \(stale.sorted())")
    }

    @Test func everyDocumentedVariableHasAnExplanation() throws {
        let lines = try RepositoryFile.text(".env.example").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.wholeMatch(of: /(?:# )?[A-Z][A-Z0-9_]*=.*/) != nil {
            // A variable's explanation is the comment line above it, or above the variable it is grouped with.
            var above = index - 1
            while above >= 0, lines[above].wholeMatch(of: /(?:# )?[A-Z][A-Z0-9_]*=.*/) != nil { above -= 1 }
            #expect(above >= 0 && lines[above].hasPrefix("# "), "no explanation above: \(line)")
        }
    }
}
