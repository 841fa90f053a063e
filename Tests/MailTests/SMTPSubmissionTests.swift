import CurlClient
import Foundation
import Mail
import Testing
import TestSupport

/// Mail sent through libcurl to a real SMTP server (`scripts/smtp-sandbox`), checked on the server's side.
@Suite(.timeLimit(.minutes(2)), .enabled(if: SMTPSandbox.missing == nil, Comment(rawValue: SMTPSandbox.missing ?? "")))
struct SMTPSubmissionTests {
    static func message(subject: String = "Research: Ünïcode ✓", body: String = "Please look.\nBcc: evil@example.com")
        throws -> MailMessage
    {
        try MailMessage(
            from: MailAddress("bridge@example.com", name: "TaskBridge"),
            to: [MailAddress("team@example.com"), MailAddress("lead@example.com")],
            subject: subject, body: body, messageID: MessageID(taskID: "1234", destinationID: "9"))
    }

    static func submission(_ message: MailMessage, to sandbox: SMTPSandbox, password: String? = nil) -> SMTPSubmission {
        SMTPSubmission(
            url: sandbox.url, from: message.from.address, recipients: message.recipients, username: sandbox.user,
            password: password ?? sandbox.password, message: message.bytes, caFile: sandbox.caFile,
            timeout: .seconds(30))
    }

    static func withSession<Result: Sendable>(_ body: (HTTPSession) async throws -> Result) async throws -> Result {
        let session = try HTTPSession()
        let outcome: Swift.Result<Result, any Error>
        do { outcome = .success(try await body(session)) } catch { outcome = .failure(error) }
        await session.shutdown()
        return try outcome.get()
    }

    @Test func aMailSentOverSTARTTLSWithAuthArrivesAsBuilt() async throws {
        try await SMTPSandbox.with { sandbox in
            let message = try Self.message()
            try await Self.withSession { session in
                try await session.submit(Self.submission(message, to: sandbox))
            }
            let mails = try sandbox.mails()
            let mail = try #require(mails.first)
            #expect(mails.count == 1)
            #expect(mail.tls)
            #expect(mail.auth_user == sandbox.user)
            #expect(mail.mail_from == "bridge@example.com")
            #expect(mail.rcpt_tos == ["team@example.com", "lead@example.com"])
            #expect(mail.headers["Subject"] == "Research: Ünïcode ✓")
            #expect(mail.raw_subject?.hasPrefix("=?UTF-8?B?") == true)
            #expect(mail.headers["Message-ID"] == "<1234.9@taskbridge>")
            #expect(mail.headers["From"] == "\"TaskBridge\" <bridge@example.com>")
            #expect(mail.headers["Date"] != nil)
            #expect(mail.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(mail.body == "Please look.\r\nBcc: evil@example.com\r\n")
            // A line of the body that looks like a header stays in the body.
            #expect(!mail.header_names.contains("Bcc"))
        }
    }

    @Test func aMailSentOverSMTPSWithImplicitTLSArrives() async throws {
        try await SMTPSandbox.with(security: .implicitTLS) { sandbox in
            #expect(sandbox.url.hasPrefix("smtps://"))
            try await Self.withSession { session in
                try await session.submit(Self.submission(try Self.message(), to: sandbox))
            }
            let mails = try sandbox.mails()
            #expect(mails.count == 1)
            #expect(mails.first?.auth_user == sandbox.user)
            #expect(mails.first?.headers["Message-ID"] == "<1234.9@taskbridge>")
        }
    }

    @Test func aResendIsTheSameMail() async throws {
        try await SMTPSandbox.with { sandbox in
            try await Self.withSession { session in
                try await session.submit(Self.submission(try Self.message(), to: sandbox))
                try await session.submit(Self.submission(try Self.message(), to: sandbox))
            }
            let ids = try sandbox.mails().map { $0.headers["Message-ID"] }
            #expect(ids == ["<1234.9@taskbridge>", "<1234.9@taskbridge>"])
        }
    }

    @Test func aWrongPasswordIsLoginDeniedAndNothingArrives() async throws {
        try await SMTPSandbox.with { sandbox in
            let error = try await Self.withSession { session in
                await #expect(throws: HTTPClientError.self) {
                    try await session.submit(Self.submission(try Self.message(), to: sandbox, password: "wrong"))
                }
            }
            #expect(error?.kind == .loginDenied)
            #expect(error?.description.contains("wrong") == false)
            #expect(try sandbox.mails().isEmpty)
        }
    }

    @Test func aRefusedRecipientIsRefusedWithTheServersReplyAndNothingArrives() async throws {
        try await SMTPSandbox.with { sandbox in
            var submission = Self.submission(try Self.message(), to: sandbox)
            submission.recipients = ["nobody@refused.invalid"]
            let error = try await Self.withSession { session in
                await #expect(throws: HTTPClientError.self) { try await session.submit(submission) }
            }
            #expect(error?.kind == .refused)
            #expect(error?.detail.contains("550") == true)
            #expect(try sandbox.mails().isEmpty)
        }
    }

    @Test func aServerWithoutSTARTTLSIsRefusedBeforeAnythingIsSent() async throws {
        try await SMTPSandbox.with(security: .noTLS) { sandbox in
            let error = try await Self.withSession { session in
                await #expect(throws: HTTPClientError.self) {
                    try await session.submit(Self.submission(try Self.message(), to: sandbox))
                }
            }
            #expect(error?.kind == .tls)
            #expect(try sandbox.mails().isEmpty)
        }
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        try await SMTPSandbox.with { sandbox in
            var submission = Self.submission(try Self.message(), to: sandbox)
            submission.caFile = nil  // the system's CAs do not know the sandbox's certificate
            let error = try await Self.withSession { session in
                await #expect(throws: HTTPClientError.self) { try await session.submit(submission) }
            }
            #expect(error?.kind == .tls)
            #expect(try sandbox.mails().isEmpty)
        }
    }

    @Test(arguments: ["http://127.0.0.1:1", "smtp://127.0.0.1:1"])
    func aBadURLOrAddressIsRefusedBeforeConnecting(url: String) async throws {
        var submission = SMTPSubmission(url: url, from: "a@example.com", recipients: ["b@example.com"], message: [])
        if url.hasPrefix("smtp") { submission.recipients = ["b@example.com>\r\nRCPT TO:<c@example.com"] }
        let error = try await Self.withSession { session in
            await #expect(throws: HTTPClientError.self) { try await session.submit(submission) }
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.requestWasSent == false)
    }
}
