import Foundation
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing

/// The worker's channel settings: defaults, the task URL from `PUBLIC_BASE_URL`, and a bad CA file or base URL
/// named at start.
@Suite(.timeLimit(.minutes(1))) struct ChannelSettingsTests {
    @Test func defaultsLeaveTheTaskURLEmptyAndTrustTheSystemsCAs() throws {
        var reader = EnvironmentReader([:])
        let settings = ChannelSettings(reading: &reader)
        try reader.finish()
        #expect(settings.publicBaseURL == nil && settings.smtpCAFile == nil)
        #expect(settings.taskURL(for: UUID()) == nil)
        #expect(settings.slackTimeout == .seconds(10) && settings.smtpTimeout == .seconds(30))
        #expect(settings.slackHookInterval == .seconds(1))
    }

    @Test func theTaskURLIsUnderThePublicBaseURL() throws {
        var reader = EnvironmentReader(["PUBLIC_BASE_URL": "https://bridge.example.com/", "SLACK_HOOK_INTERVAL_MS": "1500"])
        let settings = ChannelSettings(reading: &reader)
        try reader.finish()
        let id = try #require(UUID(uuidString: "0190C3A1-0000-7000-8000-000000000001"))
        #expect(settings.taskURL(for: id) == "https://bridge.example.com/v1/tasks/0190c3a1-0000-7000-8000-000000000001")
        #expect(settings.slackHookInterval == .milliseconds(1500))
    }

    @Test func aMissingCAFileAndABadBaseURLAreNamed() {
        var reader = EnvironmentReader(["SMTP_CA_FILE": "/nonexistent/ca.pem", "PUBLIC_BASE_URL": "bridge.example.com"])
        _ = ChannelSettings(reading: &reader)
        #expect(reader.problems.contains("SMTP_CA_FILE must name a readable PEM file"))
        #expect(reader.problems.contains { $0.hasPrefix("PUBLIC_BASE_URL must be a URL") })
    }
}
