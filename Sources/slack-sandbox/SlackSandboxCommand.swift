import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SlackSandbox

/// `slack-sandbox`: a local stand-in for Slack's incoming webhooks, with dead hooks and injected faults.
@main
struct SlackSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slack-sandbox",
        abstract: "A local stand-in for Slack's incoming webhooks (POST /services/{team}/{channel}/{secret}).",
        discussion: "Admin routes, without authentication: GET /_slack/health, POST /_slack/hooks "
            + "({\"team\":\"T1\",\"channel\":\"C1\",\"secret\":\"optional\"}), "
            + "POST /_slack/hooks/{team}/{channel}/{secret}/kill ({\"reason\":\"channel_is_archived\"}), "
            + "PUT /_slack/faults ({\"count\":2,\"status\":429,\"retryAfter\":3}), "
            + "GET /_slack/messages[?team=&channel=], POST /_slack/reset."
    )

    @Option(help: "Address to listen on.")
    var host = SlackSandboxConfiguration.defaultHost

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = SlackSandboxConfiguration.defaultPort

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        if Logger.Level(rawValue: self.logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        // A client that hangs up while a response is written must not kill the stand-in.
        _ = signal(SIGPIPE, SIG_IGN)
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try await buildSlackSandbox(configuration: .init(host: self.host, port: self.port)).runService()
    }
}
