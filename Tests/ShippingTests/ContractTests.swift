import Foundation
import Testing
import TestSupport

/// The API keeps its OpenAPI contract under fuzzing: Schemathesis, with every check and the settings in
/// `Tests/contract/schemathesis.toml`, against a live API.
@Suite(.timeLimit(.minutes(3))) struct ContractTests {
    /// Schemathesis in the project's virtual environment, where `scripts/install-deps` puts it.
    static let schemathesis = TestServices.repositoryRoot.appendingPathComponent(".venv/bin/schemathesis").path
    /// Its settings, committed with the tests.
    static let configuration = TestServices.repositoryRoot
        .appendingPathComponent("Tests/contract/schemathesis.toml").path
    /// Why the test is skipped when Schemathesis is missing.
    static let missing: Comment = "schemathesis is not installed at .venv/bin/schemathesis: scripts/install-deps could not install it (it needs python3 with venv and PyPI)"
    /// The longest a run may take before it is stopped and the test fails.
    static let timeLimit: Duration = .seconds(150)

    @Test(.enabled(missing) { FileManager.default.isExecutableFile(atPath: schemathesis) })
    func schemathesisFindsNoFailureAgainstALiveAPI() async throws {
        let started = ContinuousClock.now
        // Hypothesis keeps its files in the working directory unless told otherwise; this run's go away with it.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("taskbridge-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A database of its own: the fuzzer retries and lists whatever tasks it finds, and other tests' are not its.
        let outcome = try await OwnDatabase.with { databaseURL in
            try await LiveAPI.with(databaseURL: databaseURL) { baseURL, token in
                let process = try ChildProcess(
                    Self.schemathesis,
                    [
                        "--config-file", Self.configuration, "--no-color", "run", "\(baseURL)/openapi.json",
                        "--request-timeout", "10",
                    ],
                    environment: [
                        "TASKBRIDGE_TOKEN": token, "PATH": "/usr/bin:/bin", "HOME": scratch.path, "LANG": "C.UTF-8",
                        "HYPOTHESIS_STORAGE_DIRECTORY": scratch.appendingPathComponent("hypothesis").path,
                    ])
                return try await Self.waitBounded(process)
            }
        }
        let report = outcome.stdout + outcome.stderr
        #expect(outcome.status == 0, "schemathesis reported failures (\(ContinuousClock.now - started)):\n\(report)")
        // Stateful testing followed the document's links (from a new task to GET and retry), not none of them.
        let covered = report.firstMatch(of: /API Links:\s+(\d+) covered/).flatMap { Int($0.1) } ?? 0
        #expect(covered > 0, "stateful testing followed no link:\n\(report)")
    }

    /// Waits for `process`, killing it (and failing) once `timeLimit` has passed; it is reaped either way.
    private static func waitBounded(_ process: ChildProcess) async throws -> ChildProcess.Outcome {
        let timer = Task {
            try await Task.sleep(for: timeLimit)
            process.send(SIGKILL)
        }
        let outcome = await process.wait()
        timer.cancel()
        if outcome.signal == SIGKILL {
            Issue.record("schemathesis ran past \(timeLimit) and was stopped:\n\(outcome.stdout)")
        }
        return outcome
    }
}
