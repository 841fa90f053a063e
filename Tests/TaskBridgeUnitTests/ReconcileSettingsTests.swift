import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing

@Suite(.timeLimit(.minutes(1))) struct ReconcileSettingsTests {
    @Test(arguments: [("90m", 5400), ("24h", 86_400), ("7d", 604_800), ("3600s", 3600), (" 2H ", 7200)])
    func durationsAreANumberAndAUnit(_ text: String, _ seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "h", "24", "0h", "-1h", "1.5h", "24 h", "1w", "1h30m", "99999999999999999999d"])
    func anythingElseIsNoDuration(_ text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func durationsAreWrittenInTheirLargestExactUnit() {
        #expect(DurationText.format(.seconds(86_400)) == "24h")
        #expect(DurationText.format(.seconds(7 * 86_400)) == "7d")
        #expect(DurationText.format(.seconds(5400)) == "90m")
        #expect(DurationText.format(.seconds(61)) == "61s")
        #expect(DurationText.parse(DurationText.format(.seconds(90 * 86_400))) == .seconds(90 * 86_400))
    }

    @Test func defaultsWhenUnset() throws {
        var environment = EnvironmentReader(["RECONCILE_WINDOW": ""])
        let settings = ReconcileSettings(reading: &environment)
        try environment.finish()
        #expect(settings == ReconcileSettings(interval: .seconds(60), window: .seconds(86_400), recreate: false, budgetShare: 0.02))
    }

    @Test func readsEveryVariable() throws {
        var environment = EnvironmentReader([
            "RECONCILE_INTERVAL_MS": "300", "RECONCILE_WINDOW": "7d", "RECONCILE_RECREATE": "true",
            "RECONCILE_BUDGET_SHARE": "0.5",
        ])
        let settings = ReconcileSettings(reading: &environment)
        try environment.finish()
        #expect(settings == ReconcileSettings(interval: .milliseconds(300), window: .seconds(604_800), recreate: true, budgetShare: 0.5))
    }

    @Test func namesEveryMalformedVariable() {
        var environment = EnvironmentReader([
            "RECONCILE_INTERVAL_MS": "0", "RECONCILE_WINDOW": "30s", "RECONCILE_RECREATE": "maybe",
            "RECONCILE_BUDGET_SHARE": "0.6",
        ])
        _ = ReconcileSettings(reading: &environment)
        #expect(environment.problems == [
            "RECONCILE_INTERVAL_MS must be an integer from 100 to 86400000, got \"0\"",
            "RECONCILE_WINDOW must be a duration such as 90m, 24h or 7d, from 1m to 90d, got \"30s\"",
            "RECONCILE_RECREATE must be true or false, got \"maybe\"",
            "RECONCILE_BUDGET_SHARE must be a number above 0 and at most 0.5, got \"0.6\"",
        ])
        var zero = EnvironmentReader(["RECONCILE_BUDGET_SHARE": "0"])
        _ = ReconcileSettings(reading: &zero)
        #expect(zero.problems.count == 1)
    }
}
