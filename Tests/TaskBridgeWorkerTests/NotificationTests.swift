import CurlClient
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresClient
import SlackSandbox
import TaskBridgeCore
import TaskBridgeWorker
import TestSupport
import Testing
import Trello
import TrelloSandbox

/// Channels at work: a task's Slack and email deliveries made at its moments and sent by the workers, through real
/// PostgreSQL, Redis, the API, the Trello sandbox, the Slack stand-in and the SMTP server (STARTTLS, AUTH).
@Suite(.timeLimit(.minutes(5)), .enabled(if: SMTPSandbox.missing == nil, "\(SMTPSandbox.missing ?? "")"))
struct NotificationTests {
    /// The task URLs' base, as `PUBLIC_BASE_URL` sets it.
    static let publicBaseURL = "https://bridge.example.com"

    /// Runs `body` with a world (the boards and credentials of `DeliveryTests`), a Slack stand-in whose hook `C1` is
    /// stored as the slack credential `hook`, and an SMTP server whose login is the smtp credential `mailbox`.
    static func with(_ body: @Sendable (WorkerWorld, ChannelWorld, SMTPSandbox) async throws -> Void) async throws {
        try await WorkerWorld.with(sandbox: DeliveryTests.extraBoards) { world in
            let sealer = try CredentialSealer(current: DeliveryTests.secretKey)
            try await DeliveryTests.configureRoutes(in: world, sealer: sealer)
            try await SMTPSandbox.with { smtp in
                let session = try HTTPSession(configuration: .init(timeout: .seconds(10)))
                let outcome: Result<Void, any Error>
                do {
                    outcome = .success(
                        try await buildSlackSandbox(configuration: .init(port: 0), logger: world.logger).test(.live) { client in
                            let channels = ChannelWorld(
                                slackURL: "http://127.0.0.1:\(try #require(client.port))", session: session,
                                postgres: world.postgres, redis: world.redis, sealer: sealer, keyPrefix: world.keyPrefix)
                            try await channels.slackCredential("hook")
                            _ = try await channels.credentials.add(
                                name: "mailbox", kind: "smtp",
                                secret: .smtp(server: smtp.url, username: smtp.user, password: smtp.password),
                                sealer: sealer)
                            try await body(world, channels, smtp)
                        })
                } catch {
                    outcome = .failure(error)
                }
                await session.shutdown()
                try outcome.get()
            }
        }
    }

    /// Runs `body` while one worker runs, with the world's sealer, the SMTP server's CA and a public base URL.
    static func withWorker(
        _ world: WorkerWorld, _ channels: ChannelWorld, _ smtp: SMTPSandbox, _ body: () async throws -> Void
    ) async throws {
        try await world.withWorkers(1, { configuration in
            configuration.sealer = channels.sealer
            configuration.channels.smtpCAFile = smtp.caFile
            configuration.channels.publicBaseURL = publicBaseURL
            configuration.channels.slackHookInterval = .milliseconds(100)
        }, body)
    }

    /// Adds, first in the order, the route `name` taking `match` to board A (or `board`/`list`) and notifying
    /// `channel`.
    static func route(
        _ name: String, _ match: RouteMatch, in world: WorkerWorld, notifying channel: ChannelDestination,
        board: String = DeliveryTests.boardA, list: String = "To Do", credential: String = "team-a"
    ) async throws {
        try await RouteStore(pool: world.postgres).add(
            name: name, match: match,
            destinations: [TrelloDestination(boardID: board, listName: list, credential: credential)],
            channels: [channel], position: 1)
    }

    /// The task's deliveries of `kind` as the API lists them.
    static func deliveries(_ kind: String, of id: UUID, in world: WorkerWorld) async throws -> [[String: Any]] {
        try await DeliveryTests.deliveries(of: id, in: world).filter { $0["kind"] as? String == kind }
    }

    @Test func aBugReachesItsSlackChannelAsWellAsItsBoard() async throws {
        try await Self.with { world, channels, smtp in
            try await Self.route(
                "bugs-to-slack", RouteMatch(type: "bug"), in: world,
                notifying: try ChannelDestination(
                    credential: "hook", moments: [.accepted, .carded],
                    message: .slack(text: "{{moment}}: {{title}} {{card_url}}")))
            let id = try await world.submit(#"{"type": "bug", "description": "Crash on save"}"#)
            // The task keeps the channels its route had when it was accepted: removing the route changes nothing.
            #expect(try await RouteStore(pool: world.postgres).remove(name: "bugs-to-slack"))
            try await Self.withWorker(world, channels, smtp) {
                try await eventually("the bug is carded and both messages arrived", timeout: .seconds(60)) {
                    let messages = try await channels.slackMessages().count
                    return try await world.count(.done) == 1 && messages == 2
                }
                try await eventually("the notifications are recorded", timeout: .seconds(30)) {
                    try await Self.deliveries("slack", of: id, in: world).allSatisfy { $0["status"] as? String == "done" }
                }
            }
            let task = try await world.task(id)
            let cards = try await world.sandbox.cards(onBoard: DeliveryTests.boardA)
            #expect(cards.compactMap { CardFooter.taskID(in: $0.desc) } == [id])
            let cardURL = try #require(task.cardURL)
            let texts = try await channels.slackMessages().map(\.text)
            #expect(texts.contains { $0.hasPrefix("accepted: \(task.title)") && !$0.contains("http") }, "\(texts)")
            #expect(texts.contains { $0 == "carded: \(task.title) \(cardURL)" }, "\(texts)")

            // Every delivery is on the task, with its kind and moment; the task moved to done once.
            let listed = try await DeliveryTests.deliveries(of: id, in: world)
            #expect(listed.map { $0["kind"] as? String } == ["trello", "slack", "slack"])
            #expect(Set(listed.compactMap { $0["moment"] as? String }) == ["accepted", "carded"])
            #expect(listed.allSatisfy { $0["status"] as? String == "done" })
            #expect(try await world.fetch(id)["status"] as? String == "done")
            let moves = try await world.events(id)
            #expect(moves.filter { $0.hasPrefix("dispatching→done: card ") }.count == 1, "\(moves)")
            #expect(moves.filter { $0.contains("→done: to slack") }.count == 2, "\(moves)")
        }
    }

    @Test func aResearchTaskReachesAnInboxAndABugsDescriptionNeverInjectsAHeader() async throws {
        try await Self.with { world, channels, smtp in
            let mail = try ChannelDestination(
                credential: "mailbox", moments: [.carded],
                message: .email(
                    from: "bridge@example.com", to: ["research@example.com"],
                    subject: "[{{type}}] {{title}}: {{description}}",
                    body: "{{description}}\n\nCard: {{card_url}}\nTask: {{task_url}}"))
            try await Self.route(
                "research-by-mail", RouteMatch(category: "Research"), in: world, notifying: mail,
                board: DeliveryTests.boardB, credential: "team-b")
            try await Self.route("bugs-by-mail", RouteMatch(type: "bug"), in: world, notifying: mail)
            let study = try await world.submit(#"{"type": "task", "title": "Vendor study", "category": "Research"}"#)
            let bug = try await world.submit(#"""
                {"type": "bug", "description": "hello\r\nBcc: victim@example.net\nX-Injected: yes\r\n\r\nbody"}
                """#)
            try await Self.withWorker(world, channels, smtp) {
                try await eventually("both mails arrived", timeout: .seconds(60)) { try smtp.mails().count == 2 }
            }
            let mails = try smtp.mails()
            #expect(mails.allSatisfy { $0.tls && $0.auth_user == smtp.user })
            #expect(mails.allSatisfy { $0.rcpt_tos == ["research@example.com"] && $0.mail_from == "bridge@example.com" })
            let studyMail = try #require(mails.first { $0.headers["Subject"]?.hasPrefix("[task] Vendor study") == true })
            let cardURL = try #require(try await world.task(study).cardURL)
            #expect(try await world.sandbox.cards(onBoard: DeliveryTests.boardB).compactMap { CardFooter.taskID(in: $0.desc) } == [study])
            #expect(studyMail.body.contains("Card: \(cardURL)"))
            #expect(studyMail.body.contains("Task: \(Self.publicBaseURL)/v1/tasks/\(study.uuidString.lowercased())"))
            #expect(studyMail.headers["Message-ID"]?.hasPrefix("<\(study.uuidString.lowercased()).") == true)

            // The bug's line breaks never start a header: no Bcc, no X-Injected, the one recipient.
            let bugMail = try #require(mails.first { $0.headers["Subject"]?.hasPrefix("[bug]") == true })
            #expect(!bugMail.header_names.contains { ["bcc", "x-injected"].contains($0.lowercased()) })
            let headers = try smtp.raw(bugMail).components(separatedBy: "\r\n\r\n").first ?? ""
            #expect(!headers.contains("\r\nBcc:") && !headers.contains("\r\nX-Injected:"))
            #expect(bugMail.body.contains("Bcc: victim@example.net"))
            #expect(try await Self.deliveries("email", of: bug, in: world).map { $0["status"] as? String } == ["done"])
        }
    }

    @Test func aDeadHookFailsOnlyItsDelivery() async throws {
        try await Self.with { world, channels, smtp in
            try await Self.route(
                "bugs-to-slack", RouteMatch(type: "bug"), in: world,
                notifying: try ChannelDestination(credential: "hook", moments: [.carded], message: .slack(text: "{{title}}")))
            try await channels.admin(.post, "/hooks/T1/C1/s3cret-C1/kill", #"{"reason": "channel_not_found"}"#)
            let id = try await world.submit(#"{"type": "bug", "description": "Crash on save"}"#)
            try await Self.withWorker(world, channels, smtp) {
                try await eventually("the Slack delivery failed", timeout: .seconds(60)) {
                    try await Self.deliveries("slack", of: id, in: world).first?["status"] as? String == "failed"
                }
                let slack = try await Self.deliveries("slack", of: id, in: world)
                #expect(slack.first?["attempts"] as? Int == 1, "a dead hook is not retried: \(slack)")
                #expect(slack.first?["moment"] as? String == "carded")
                #expect((slack.first?["last_error"] as? String)?.isEmpty == false)
                #expect(try await Self.deliveries("trello", of: id, in: world).map { $0["status"] as? String } == ["done"])
                #expect(try await world.fetch(id)["status"] as? String == "done")

                // An operator may retry it on its own; the task stays done whatever becomes of it.
                let delivery = try #require((slack.first?["id"] as? String).flatMap { UUID(uuidString: $0) })
                let retried = try await TaskStore(pool: world.postgres).retry(id: id, delivery: delivery, detail: "test")
                guard case .retried = retried else {
                    Issue.record("a failed notification of a done task was not retried: \(retried)")
                    return
                }
                try await eventually("the retried Slack delivery failed again", timeout: .seconds(60)) {
                    try await Self.deliveries("slack", of: id, in: world).first?["status"] as? String == "failed"
                }
            }
            #expect(try await world.fetch(id)["status"] as? String == "done")
            #expect(try await channels.slackMessages().isEmpty)
            let moves = try await world.events(id)
            #expect(!moves.contains { $0.hasPrefix("done→") || $0.contains("→failed: a delivery") }, "\(moves)")
            #expect(moves.filter { $0.hasPrefix("dispatching→done: card ") }.count == 1, "\(moves)")
        }
    }

    @Test func aSlack429IsHonoured() async throws {
        try await Self.with { world, channels, smtp in
            try await Self.route(
                "bugs-to-slack", RouteMatch(type: "bug"), in: world,
                notifying: try ChannelDestination(credential: "hook", moments: [.accepted], message: .slack(text: "{{title}}")))
            try await channels.admin(.put, "/faults", #"{"count": 1, "status": 429, "retryAfter": 2}"#)
            let id = try await world.submit(#"{"type": "bug", "description": "Crash on save"}"#)
            try await Self.withWorker(world, channels, smtp) {
                try await eventually("the message arrived", timeout: .seconds(60)) {
                    try await Self.deliveries("slack", of: id, in: world).first?["status"] as? String == "done"
                }
            }
            #expect(try await channels.slackMessages().count == 1)
            let slack = try #require(try await Self.deliveries("slack", of: id, in: world).first)
            #expect(slack["attempts"] as? Int == 2, "\(slack)")
            // Sent no sooner than Retry-After after the refused attempt, by PostgreSQL's clock.
            let waited = try await world.postgres.query("""
                SELECT extract(epoch FROM done_at - first_attempt_at)::float8 FROM deliveries
                WHERE task_id = \(id) AND kind = 'slack'
                """).first?.decode(Double.self, at: 0)
            #expect(try #require(waited) >= 2.0)
        }
    }

    @Test func aChannelHearsAcceptedBeforeCardedEvenWhenSlackMadeTheFirstPostWait() async throws {
        try await Self.with { world, channels, smtp in
            try await Self.route(
                "bugs-to-slack", RouteMatch(type: "bug"), in: world,
                notifying: try ChannelDestination(
                    credential: "hook", moments: [.accepted, .carded], message: .slack(text: "{{moment}}: {{title}}")))
            // The first post is refused for 3 s: the card is made meanwhile, so `carded` is due while `accepted`
            // still waits for its retry.
            try await channels.admin(.put, "/faults", #"{"count": 1, "status": 429, "retryAfter": 3}"#)
            let id = try await world.submit(#"{"type": "bug", "description": "Crash on save"}"#)
            try await Self.withWorker(world, channels, smtp) {
                try await eventually("both messages arrived", timeout: .seconds(60)) {
                    try await channels.slackMessages().count == 2
                }
            }
            let title = try await world.task(id).title
            #expect(try await channels.slackMessages().map(\.text) == ["accepted: \(title)", "carded: \(title)"])
            let carded = try #require(try await Self.deliveries("slack", of: id, in: world).first { $0["moment"] as? String == "carded" })
            #expect(carded["status"] as? String == "done" && carded["attempts"] as? Int == 1, "waiting is no attempt: \(carded)")
        }
    }

    @Test func aTaskThatFailsForGoodNotifiesItsFailure() async throws {
        try await Self.with { world, channels, smtp in
            // Board B has no list "Triage", and the workers do not provision it: the card delivery fails for good.
            try await Self.route(
                "triage", RouteMatch(category: "Test"), in: world,
                notifying: try ChannelDestination(
                    credential: "hook", moments: [.carded, .failed], message: .slack(text: "{{moment}}: {{title}}")),
                board: DeliveryTests.boardB, list: "Triage", credential: "team-b")
            let id = try await world.submit(#"{"type": "task", "title": "Flaky test", "category": "Test"}"#)
            try await Self.withWorker(world, channels, smtp) {
                try await eventually("the failure was told", timeout: .seconds(60)) {
                    try await channels.slackMessages().map(\.text) == ["failed: Flaky test"]
                }
            }
            #expect(try await world.fetch(id)["status"] as? String == "failed")
            #expect(try await Self.deliveries("slack", of: id, in: world).map { $0["moment"] as? String } == ["failed"])

            // Discarded, the task has one move of its own; the notification sent stays done.
            guard case .discarded = try await TaskStore(pool: world.postgres).discard(id: id, detail: "test") else {
                Issue.record("the failed task was not discarded")
                return
            }
            #expect(try await world.events(id).filter { $0.hasPrefix("failed→discarded") }.count == 1)
            #expect(try await Self.deliveries("slack", of: id, in: world).map { $0["status"] as? String } == ["done"])
        }
    }
}
