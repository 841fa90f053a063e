import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import TestSupport
import Testing

/// `MailSender` against a real SMTP server (`scripts/smtp-sandbox`: STARTTLS required, AUTH), its login sealed in
/// PostgreSQL: what the server received, and what a refusal comes to.
@Suite(.timeLimit(.minutes(3)), .enabled(if: SMTPSandbox.missing == nil, "\(SMTPSandbox.missing ?? "")"))
struct MailSenderTests {
    static let destination = try! ChannelDestination(
        credential: "mailbox", moments: [.carded],
        message: .email(
            from: "bridge@example.com", to: ["research@example.com", "lead@example.com"],
            subject: "[{{type}}] {{title}}: {{description}}", body: "{{description}}\n\nCard: {{card_url}}\nTask: {{task_url}}"))

    /// Stores the sandbox's login as the smtp credential `mailbox`, and returns senders trusting its certificate.
    static func sender(_ world: ChannelWorld, _ smtp: SMTPSandbox, password: String? = nil) async throws -> ChannelSenders {
        _ = try await world.credentials.add(
            name: "mailbox", kind: "smtp",
            secret: .smtp(server: smtp.url, username: smtp.user, password: password ?? smtp.password), sealer: world.sealer)
        return world.senders(caFile: smtp.caFile)
    }

    @Test func aResearchTaskReachesTheInboxOverSTARTTLSWithAuth() async throws {
        try await ChannelWorld.with { world in
            try await SMTPSandbox.with { smtp in
                let sender = try await Self.sender(world, smtp)
                var notice = ChannelWorld.notice(description: "Compare the three vendors", deliveryID: "42")
                (notice.type, notice.category, notice.title) = ("task", "Research", "Vendor study")
                #expect(await sender.send(notice, to: Self.destination) == .sent)
                // A resend (an attempt whose answer was lost) is the same mail: the same Message-ID.
                #expect(await sender.send(notice, to: Self.destination) == .sent)
                let mails = try smtp.mails()
                #expect(mails.count == 2)
                let mail = try #require(mails.first)
                #expect(mail.tls && mail.auth_user == smtp.user)
                #expect(mail.mail_from == "bridge@example.com")
                #expect(mail.rcpt_tos == ["research@example.com", "lead@example.com"])
                #expect(mail.headers["Subject"] == "[task] Vendor study: Compare the three vendors")
                let id = "<\(notice.taskID.uuidString.lowercased()).42-carded@taskbridge>"
                #expect(mails.map { $0.headers["Message-ID"] } == [id, id])
                #expect(mail.body.contains("Card: https://trello.com/c/abc123"))
                #expect(mail.body.contains("Task: https://bridge.example.com/v1/tasks/\(notice.taskID.uuidString.lowercased())"))
                let rows = try await world.credentialRows()
                #expect(!rows.contains(smtp.password))
            }
        }
    }

    @Test func aDescriptionHoldingCRLFNeverInjectsAHeader() async throws {
        try await ChannelWorld.with { world in
            try await SMTPSandbox.with { smtp in
                let sender = try await Self.sender(world, smtp)
                let notice = ChannelWorld.notice(description: "hello\r\nBcc: victim@example.net\nX-Injected: yes\r\n\r\nbody")
                #expect(await sender.send(notice, to: Self.destination) == .sent)
                let mail = try #require(try smtp.mails().first)
                #expect(!mail.header_names.contains { ["bcc", "x-injected"].contains($0.lowercased()) })
                #expect(mail.rcpt_tos == ["research@example.com", "lead@example.com"])
                // The task's line breaks became spaces: the subject is one header, and says what the task said.
                let subject = try #require(mail.headers["Subject"])
                #expect(subject.hasPrefix("[bug] Bug-login-fails-1234: hello Bcc: victim@example.net"))
                #expect(!subject.contains("\r") && !subject.contains("\n"))
                let raw = try smtp.raw(mail)
                let headers = raw.components(separatedBy: "\r\n\r\n").first ?? ""
                #expect(!headers.contains("\r\nBcc:") && !headers.contains("\r\nX-Injected:"))
                // The body keeps the text as written, where a line break is only a line break.
                #expect(mail.body.contains("Bcc: victim@example.net"))
            }
        }
    }

    @Test func aRefusedLoginFailsTheDelivery() async throws {
        try await ChannelWorld.with { world in
            try await SMTPSandbox.with { smtp in
                let sender = try await Self.sender(world, smtp, password: "not-the-password")
                let outcome = await sender.send(ChannelWorld.notice(), to: Self.destination)
                guard case .fail(let error) = outcome else {
                    Issue.record("a refused login came to \(outcome)")
                    return
                }
                #expect(!error.contains("not-the-password"))
                #expect(try smtp.mails().isEmpty)
            }
        }
    }

    @Test func aServerWithoutSTARTTLSIsNeverSentTo() async throws {
        try await ChannelWorld.with { world in
            try await SMTPSandbox.with(security: .noTLS) { smtp in
                let sender = try await Self.sender(world, smtp)
                guard case .fail = await sender.send(ChannelWorld.notice(), to: Self.destination) else {
                    Issue.record("a server without STARTTLS was not refused")
                    return
                }
                #expect(try smtp.mails().isEmpty)
            }
        }
    }
}
