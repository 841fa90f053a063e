import Foundation
import Testing
import TestSupport

/// scripts/watchdog, which `make test` runs `swift test` under: a run past its limit fails, names the tests still
/// running and leaves no process behind; any other run keeps its exit status and its output.
@Suite(.timeLimit(.minutes(3))) struct WatchdogTests {
    private static let watchdog = TestServices.repositoryRoot.appendingPathComponent("scripts/watchdog")

    @Test func aWedgedRunFailsNamingTheUnfinishedTestsAndLeavesNoProcess() async throws {
        try await Self.withFolder { folder in
            // A run as SwiftPM makes it: a test binary in a process group of its own that, like the hung test
            // process this guards against, ignores SIGTERM; two tests finished, two never do.
            let fixture = folder.appendingPathComponent("wedged-run").path
            let binaryPID = folder.appendingPathComponent("test-binary.pid").path
            try """
                echo '◇ Test run started.'
                echo '◇ Suite Wedged started.'
                echo '◇ Test quick() started.'
                echo '◇ Test "never ends" started.'
                echo '✔ Test quick() passed after 0.001 seconds.'
                echo '◇ Test cases(n:) started.'
                echo '◇ Test case passing 1 argument n → 1 to cases(n:) started.'
                echo '✘ Test cases(n:) with 1 test case failed after 0.002 seconds with 1 issue.'
                echo "Test Case 'Wedged.testNeverEnds' started at 2026-01-01 00:00:00.000"
                set -m
                bash -c 'trap "" TERM; echo $$ > "$1"; exec sleep 300' _ '\(binaryPID)' &
                wait
                """.write(toFile: fixture, atomically: true, encoding: .utf8)
            let log = folder.appendingPathComponent("test.log").path

            let started = ContinuousClock.now
            let run = try await CommandRun.run(
                // Through bash, not exec'd itself: a child another test forks meanwhile may hold the file open for
                // writing, and exec would fail with ETXTBSY.
                path: Self.watchdog, ["2", log, "--", "/bin/bash", fixture], environment: ["WATCHDOG_KILL_GRACE_S": "2"])

            #expect(run.status == 124)
            // Far below the wedged child's 300 s sleep, and far above what a loaded machine needs to stop it.
            #expect(ContinuousClock.now - started < .seconds(90))
            #expect(run.stderr.contains("limit of 2 s"))
            for unfinished in [#"Test "never ends""#, "Suite Wedged", "Test Case 'Wedged.testNeverEnds'"] {
                #expect(run.stderr.contains(unfinished), "\(run.stderr)")
            }
            for finished in ["quick()", "cases(n:)", "Test run"] {
                #expect(!run.stderr.contains(finished), "a finished test is named: \(run.stderr)")
            }
            let pid = try #require(pid_t(try String(contentsOfFile: binaryPID, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(!Self.isRunning(pid), "the test binary that ignored SIGTERM still runs")
        }
    }

    @Test func aRunWithinItsLimitKeepsItsStatusAndOutput() async throws {
        try await Self.withFolder { folder in
            let log = folder.appendingPathComponent("test.log").path
            let run = try await CommandRun.run(path: Self.watchdog, ["60", log, "--", "/bin/sh", "-c", "echo finished; exit 3"])
            #expect(run.status == 3)
            #expect(run.stdout == "finished\n")
            #expect(try String(contentsOfFile: log, encoding: .utf8) == "finished\n")
        }
    }

    private static func withFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watchdog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    /// Whether `pid` is a live process: gone, or a zombie that only waits for a parent to reap it, is not.
    private static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return false }
        return stat[end...].dropFirst(2).first != "Z"
    }
}
