import Foundation
import Testing
import TestSupport

/// The alerting rules shipped for operators who run Prometheus fire and stay quiet as their unit tests say:
/// `promtool test rules` on `deploy/prometheus/taskbridge-alerts.test.yml`, series that jump and series that do not.
@Suite(.timeLimit(.minutes(2))) struct PrometheusRulesTests {
    /// Debian's `prometheus` package puts it here; `scripts/install-deps` installs it.
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let missing: Comment = "promtool is not installed (Debian's prometheus package): scripts/install-deps could not install it"
    static let folder = TestServices.repositoryRoot.appendingPathComponent("deploy/prometheus")

    @Test(.enabled(missing) { promtool != nil })
    func theRulesPassTheirUnitTests() async throws {
        let promtool = try #require(Self.promtool)
        let check = try await ChildProcess.run(
            promtool, ["check", "rules", Self.folder.appendingPathComponent("taskbridge-alerts.yml").path],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(check.status == 0, "promtool check rules:\n\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("3 rules found"))
        let test = try await ChildProcess.run(
            promtool, ["test", "rules", Self.folder.appendingPathComponent("taskbridge-alerts.test.yml").path],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(test.status == 0, "promtool test rules:\n\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("SUCCESS"))
    }

    @Test func theRulesWatchTheFiguresTheStatsLeaderWatches() throws {
        let rules = try RepositoryFile.text("deploy/prometheus/taskbridge-alerts.yml")
        for alert in ["TaskBridgeFailedTasksJump", "TaskBridgeLagJump", "TaskBridgeTrello429Jump"] {
            #expect(rules.contains("alert: \(alert)"))
        }
        // The same window, baseline, factor and floor as ALERT_WINDOW_S, ALERT_BASELINE_S, ALERT_FACTOR, ALERT_MIN_EVENTS.
        #expect(rules.contains("[5m])) >= 5"))
        #expect(rules.contains("[1h] offset 5m"))
        #expect(rules.contains("> 3 *"))
    }
}
