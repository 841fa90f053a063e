import Foundation
import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing

/// .env.example documents every variable the processes, `make run` and docker-compose.yml read, and nothing else.
@Suite(.timeLimit(.minutes(3))) struct EnvironmentExampleTests {
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

    @Test func theDefaultsShownAreTheCodesDefaults() throws {
        let values = try SourceVariables.documentedValues()
        let expected: [String: String] = [
            "HTTP_HOST": HTTPSettings.defaultHost, "HTTP_PORT": "\(HTTPSettings.defaultPort)",
            "TRELLO_BASE_URL": TrelloSettings.defaultBaseURL, "TRELLO_LIST_NAME": TrelloSettings.defaultListName,
            "WORKER_CONCURRENCY": "\(WorkerSettings.defaultConcurrency)",
            "LEASE_SECONDS": "\(WorkerSettings.defaultLease.components.seconds)",
            "RETRY_BASE_MS": "\(RetryPolicy.defaultBase.components.seconds * 1000)",
            "RETRY_CAP_MS": "\(RetryPolicy.defaultCap.components.seconds * 1000)",
            "RETRY_MAX_ATTEMPTS": "\(RetryPolicy.defaultMaxAttempts)",
            "RETRY_MAX_ELAPSED_MS": "\(RetryPolicy.defaultMaxElapsed.components.seconds * 1000)",
            "RETRY_AFTER_CAP_MS": "\(RetryPolicy.defaultRetryAfterCap.components.seconds * 1000)",
            "DISPATCH_STREAM_MAX_LENGTH": "\(DispatchStream.defaultMaxLength)",
            "TRELLO_TOKEN_LIMIT": "\(TrelloRateLimits.defaultTokenLimit)",
            "TRELLO_KEY_LIMIT": "\(TrelloRateLimits.defaultKeyLimit)",
            "TRELLO_LIMIT_WINDOW_MS": "\(TrelloRateLimits.defaultWindow.components.seconds * 1000)",
            "RECONCILE_INTERVAL_MS": "\(ReconcileSettings.defaultInterval.components.seconds * 1000)",
            "RECONCILE_WINDOW": DurationText.format(ReconcileSettings.defaultWindow),
            "RECONCILE_RECREATE": "false",
            "RECONCILE_BUDGET_SHARE": "\(ReconcileSettings.defaultBudgetShare)",
        ]
        for (name, value) in expected {
            #expect(values[name] == value, "\(name): .env.example shows \(values[name] ?? "nothing"), the code uses \(value)")
        }
    }

    @Test func composeFallsBackToTheDefaultsShown() throws {
        let values = try SourceVariables.documentedValues()
        // Compose points Trello at its own sandbox by default, with the sandbox's credentials and board.
        let sandboxDefaults: Set = ["TRELLO_BASE_URL", "TRELLO_API_KEY", "TRELLO_API_TOKEN", "TRELLO_BOARD_ID"]
        let text = try RepositoryFile.text("docker-compose.yml")
        for match in text.matches(of: /\$\{([A-Z][A-Z0-9_]*):-([^}]*)\}/) where !sandboxDefaults.contains(String(match.1)) {
            #expect(values[String(match.1)] == String(match.2), "\(match.1): compose falls back to \(match.2), .env.example shows \(values[String(match.1)] ?? "nothing")")
        }
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
