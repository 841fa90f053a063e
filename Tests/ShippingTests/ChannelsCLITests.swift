import Foundation
import PostgresClient
import TaskBridgeCore
import Testing

/// `taskbridge credentials add --kind slack|smtp` and `routes add --slack|--email`, run as processes: secrets go in
/// through the environment and never come out, templates and kinds are checked when the route is added.
@Suite(.timeLimit(.minutes(3))) struct ChannelsCLITests {
    private static let key = Data(repeating: 3, count: 32).base64EncodedString()
    private static let hookURL = "https://hooks.slack.com/services/T1/B1/cli-hook-\(UUID().uuidString)"
    private static let password = "smtp-pass-\(UUID().uuidString)"

    @Test func channelCredentialsAreSealedAndRoutesNotifyChannelsAtTheirMoments() async throws {
        try await MigratedDatabase.with { url, pool in
            let environment = [
                "DATABASE_URL": url, "TASKBRIDGE_SECRET_KEY": Self.key, "TRELLO_API_KEY": "k", "TRELLO_API_TOKEN": "t",
                "SLACK_HOOK_URL": Self.hookURL, "SMTP_PASSWORD": Self.password, "TRELLO_BOARD_ID": "env-board",
            ]
            func run(_ arguments: [String]) async throws -> CommandRun {
                try await CommandRun.run("taskbridge", arguments, environment: environment)
            }
            var runs: [CommandRun] = []
            for arguments in [
                ["credentials", "add", "--name", "board"],
                ["credentials", "add", "--name", "ops-hook", "--kind", "slack"],
                ["credentials", "add", "--name", "mail", "--kind", "smtp", "--server", "smtp://127.0.0.1:2525", "--username", "bridge"],
            ] {
                let add = try await run(arguments)
                #expect(add.status == 0, "\(add.stderr)")
                #expect(add.stdoutLines.first?.contains("\thmac:") == true)
                runs.append(add)
            }
            let list = try await run(["credentials", "list"])
            #expect(list.stdoutLines.dropFirst().map { $0.split(separator: "\t").prefix(2).joined(separator: " ") } == [
                "board trello", "mail smtp", "ops-hook slack",
            ])
            let badServer = try await run(["credentials", "add", "--name", "x", "--kind", "smtp", "--server", "mail:25", "--username", "u"])
            #expect(badServer.stderrLines.count == 1 && badServer.stderr.contains("smtp://host:port"))
            let noServer = try await run(["credentials", "add", "--name", "x", "--kind", "smtp"])
            #expect(noServer.status != 0 && noServer.stderr.contains("--kind smtp needs --server and --username"))

            let rows = try await pool.query("SELECT credentials::text, encode(sealed, 'escape') FROM credentials")
            let stored = try rows.map { try $0.decode(String.self, at: 0) + (try $0.decode(String.self, at: 1)) }.joined()
            #expect(rows.count == 3)
            #expect(!stored.contains(Self.hookURL) && !stored.contains("cli-hook") && !stored.contains(Self.password))

            let unknownPlaceholder = try await run([
                "routes", "add", "--name", "x", "--board", "B", "--credential", "board", "--slack", "ops-hook",
                "--slack-text", "{{titel}}",
            ])
            #expect(unknownPlaceholder.stderrLines.count == 1)
            #expect(unknownPlaceholder.stderr.hasPrefix("taskbridge: the channel's text: the template names {{titel}}"))
            let wrongKind = try await run(["routes", "add", "--name", "x", "--board", "B", "--credential", "board", "--slack", "mail"])
            #expect(wrongKind.stderrLines == [
                "taskbridge: no slack credential is named mail; add it with taskbridge credentials add --kind slack"
            ])
            let slackAsBoard = try await run(["routes", "add", "--name", "x", "--board", "B", "--credential", "ops-hook"])
            #expect(slackAsBoard.stderrLines == [
                "taskbridge: no trello credential is named ops-hook; add it with taskbridge credentials add --kind trello"
            ])
            let lineBreak = try await run([
                "routes", "add", "--name", "x", "--board", "B", "--credential", "board", "--email", "mail", "--from",
                "bridge@example.com", "--to", "a@example.com", "--subject", "Hi\r\nBcc: b@example.com",
            ])
            #expect(lineBreak.stderrLines.count == 1 && lineBreak.stderr.contains("line break"))
            let badMoment = try await run([
                "routes", "add", "--name", "x", "--board", "B", "--credential", "board", "--slack", "ops-hook", "--slack-on", "sent",
            ])
            #expect(badMoment.stderrLines.count == 1 && badMoment.stderr.contains("accepted, carded, failed"))

            let add = try await run([
                "routes", "add", "--name", "research", "--type", "task", "--category", "Research", "--board", "B",
                "--credential", "board", "--slack", "ops-hook", "--slack-on", "accepted,carded", "--email", "mail",
                "--from", "bridge@example.com", "--to", "research@example.com, lead@example.com", "--subject", "{{title}}",
            ])
            #expect(add.status == 0, "\(add.stderr)")
            let channels = "slack via ops-hook on accepted,carded; email to research@example.com,lead@example.com via mail on carded,failed"
            let routes = try await run(["routes", "list"])
            #expect(routes.stdoutLines.first == "POSITION\tNAME\tMATCH\tDESTINATIONS\tCHANNELS")
            #expect(routes.stdoutLines.dropFirst().first?.hasSuffix("\t" + channels) == true)
            #expect(routes.stdoutLines.last?.hasSuffix("\t-") == true)
            let test = try await run(["routes", "test", "--type", "task", "--category", "Research"])
            #expect(test.stdoutLines.first?.hasSuffix("\t" + channels) == true)
            let stored2 = try await RouteStore(pool: pool).list()
            #expect(stored2.first?.channels.last?.message
                == .email(from: "bridge@example.com", to: ["research@example.com", "lead@example.com"], subject: "{{title}}",
                          body: ChannelDestination.defaultBody))

            for run in runs + [list, add, routes, test] {
                #expect(!run.stdout.contains("cli-hook") && !run.stderr.contains(Self.password))
            }
        }
    }
}
