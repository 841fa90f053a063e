import Foundation

/// The environment variables the repository's code reads, found by reading the code.
enum SourceVariables {
    /// Every variable Sources/ reads: through `EnvironmentReader` (`reader.integer("NAME", …)`, `databaseURL()`,
    /// …) or straight from the environment (`environment["NAME"]`).
    static func readBySources() throws -> Set<String> {
        var names: Set<String> = []
        for path in RepositoryFile.files(under: "Sources", endingWith: ".swift") {
            let text = try RepositoryFile.text(path)
            let reads = text.matches(of: /(?:reader|environment)\.(?:string|requiredString|url|integer|bool|milliseconds|seconds|duration|decimal)\(\s*"([A-Z][A-Z0-9_]*)"/)
            names.formUnion(reads.map { String($0.1) })
            names.formUnion(text.matches(of: /environment\["([A-Z][A-Z0-9_]*)"\]/).map { String($0.1) })
            if text.contains("databaseURL()") { names.insert("DATABASE_URL") }
            if text.contains("redisURL()") { names.insert("REDIS_URL") }
        }
        return names
    }

    /// Every variable scripts/run reads with a default (`${NAME:-…}`) or tests (`${NAME:-}`).
    static func readByRunScript() throws -> Set<String> {
        Set(try RepositoryFile.text("scripts/run").matches(of: /\$\{([A-Z][A-Z0-9_]*):-/).map { String($0.1) })
    }

    /// The values .env.example gives, set or shown commented out, by variable.
    static func documentedValues() throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try RepositoryFile.text(".env.example").split(separator: "\n") {
            if let match = line.wholeMatch(of: /(?:# )?([A-Z][A-Z0-9_]*)=(.*)/) { values[String(match.1)] = String(match.2) }
        }
        return values
    }

    /// The variables .env.example documents, set (`NAME=`) or shown commented out (`# NAME=default`).
    static func documented() throws -> Set<String> {
        Set(try RepositoryFile.text(".env.example").split(separator: "\n").compactMap { line in
            line.wholeMatch(of: /(?:# )?([A-Z][A-Z0-9_]*)=.*/).map { String($0.1) }
        })
    }
}
