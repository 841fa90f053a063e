import Foundation
import TaskBridgeCore
import TaskBridgeRuntime

/// How workers notify Slack and email: the task links they write, the SMTP CA, each channel's patience and the
/// pace per Slack hook.
public struct ChannelSettings: Sendable {
    /// The API's public base URL (`PUBLIC_BASE_URL`), for `{{task_url}}`; nil leaves it empty.
    public var publicBaseURL: String?
    /// A PEM file of CA certificates to trust for SMTP instead of the system's (`SMTP_CA_FILE`).
    public var smtpCAFile: String?
    /// The longest one Slack post may take (`SLACK_TIMEOUT_MS`): the longest a post's outcome stays unknown.
    public var slackTimeout: Duration = .seconds(10)
    /// The longest one mail submission may take (`SMTP_TIMEOUT_MS`): the longest a mail's outcome stays unknown.
    public var smtpTimeout: Duration = .seconds(30)
    /// The fleet's spacing of posts to one hook (`SLACK_HOOK_INTERVAL_MS`): Slack allows about one a second.
    public var slackHookInterval: Duration = .seconds(1)

    /// Settings with every default.
    public init() {}

    /// Reads `PUBLIC_BASE_URL`, `SMTP_CA_FILE`, `SLACK_TIMEOUT_MS`, `SMTP_TIMEOUT_MS` and `SLACK_HOOK_INTERVAL_MS`.
    public init(reading reader: inout EnvironmentReader) {
        let base = reader.string("PUBLIC_BASE_URL", default: "")
        publicBaseURL = base.isEmpty ? nil : reader.url("PUBLIC_BASE_URL", schemes: ["https", "http"])
        let caFile = reader.string("SMTP_CA_FILE", default: "")
        reader.require(
            caFile.isEmpty || FileManager.default.isReadableFile(atPath: caFile),
            "SMTP_CA_FILE must name a readable PEM file")
        smtpCAFile = caFile.isEmpty ? nil : caFile
        slackTimeout = reader.milliseconds("SLACK_TIMEOUT_MS", default: slackTimeout, in: 100...120_000)
        smtpTimeout = reader.milliseconds("SMTP_TIMEOUT_MS", default: smtpTimeout, in: 100...300_000)
        slackHookInterval = reader.milliseconds("SLACK_HOOK_INTERVAL_MS", default: slackHookInterval, in: 0...60_000)
    }

    /// `PUBLIC_BASE_URL/v1/tasks/{id}`, nil without a base URL.
    public func taskURL(for id: UUID) -> String? {
        guard let publicBaseURL else { return nil }
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        return "\(base)/v1/tasks/\(id.uuidString.lowercased())"
    }
}
