import CurlClient
import Foundation
import Mail
import TaskBridgeCore

/// Mails a notice to an email destination over SMTP with TLS required (STARTTLS on `smtp://`, or `smtps://`) and
/// AUTH with the credential's login, and sorts the server's answer into a `ChannelOutcome`.
///
/// Every attempt for one delivery and moment sends the same `Message-ID` (`<task.delivery-moment@taskbridge>`),
/// so a resend is recognisably the same mail. The unknown-outcome window is one submission's timeout
/// (`SMTP_TIMEOUT_MS`): a mail sent without the server's final answer within it is sent again.
public struct MailSender: Sendable {
    private let session: HTTPSession
    private let credentials: ChannelCredentialOpener
    private let settings: ChannelSettings

    /// A sender submitting on `session`, opening credentials with `credentials`.
    public init(session: HTTPSession, credentials: @escaping ChannelCredentialOpener, settings: ChannelSettings) {
        self.session = session
        self.credentials = credentials
        self.settings = settings
    }

    /// Mails `notice` to `destination` (an email one) and says what came of it.
    public func send(_ notice: ChannelNotice, to destination: ChannelDestination) async -> ChannelOutcome {
        guard case .email(let from, let to, let subject, let body) = destination.message else {
            return .fail(error: "the destination is not a mailbox")
        }
        let submission: SMTPSubmission
        do {
            let subjectTemplate = try ChannelStop.template(subject, "subject")
            let bodyTemplate = try ChannelStop.template(body, "body")
            let login = try await ChannelStop.fields(
                of: destination.credential, needing: ["server", "username", "password"], using: credentials)
            let message = try Self.message(
                notice, from: from, to: to,
                // A value holding a line break becomes one line: the subject stays one header, whatever the task holds.
                subject: subjectTemplate.render(notice.values, escaping: Self.oneLine),
                body: bodyTemplate.render(notice.values))
            submission = SMTPSubmission(
                url: login["server"] ?? "", from: message.from.address, recipients: message.recipients,
                username: login["username"], password: login["password"], message: message.bytes,
                caFile: settings.smtpCAFile, timeout: settings.smtpTimeout)
        } catch {
            return error.outcome
        }
        do {
            try await session.submit(submission)
            return .sent
        } catch let error as HTTPClientError {
            return Self.outcome(of: error)
        } catch {
            return .retry(after: nil, error: "the mail was not submitted: \(error)")
        }
    }

    /// The mail; a stop with `.fail` when an address or the id cannot make a header.
    private static func message(
        _ notice: ChannelNotice, from: String, to: [String], subject: String, body: String
    ) throws(ChannelStop) -> MailMessage {
        do {
            let id = try MessageID(
                taskID: notice.taskID.uuidString.lowercased(), destinationID: "\(notice.deliveryID)-\(notice.moment.rawValue)")
            return try MailMessage(
                from: try MailAddress(from), to: try to.map { address throws(MailError) in try MailAddress(address) },
                subject: subject, body: body, messageID: id)
        } catch {
            throw ChannelStop(outcome: .fail(error: "\(error)"))
        }
    }

    /// `text` with every CR, LF and NUL a space.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\0" ? " " : $0 })
    }

    /// A refused login, TLS or request, or a permanent (5xx) refusal fails for good; a temporary (4xx) refusal, a
    /// timeout or a broken connection retries with backoff.
    private static func outcome(of error: HTTPClientError) -> ChannelOutcome {
        switch error.kind {
        case .loginDenied, .tls, .invalidRequest:
            return .fail(error: "\(error)")
        case .refused where !error.detail.contains("replied 4"):
            return .fail(error: "\(error)")
        default:
            let unknown = error.requestWasSent ? " (it may have been delivered)" : ""
            return .retry(after: nil, error: "\(error)\(unknown)")
        }
    }
}

extension Error {
    /// The outcome a sender returns for an error before sending: a `ChannelStop`'s own, else a retry.
    fileprivate var outcome: ChannelOutcome {
        (self as? ChannelStop)?.outcome ?? .retry(after: nil, error: "\(self)")
    }
}
