import Foundation

/// `scripts/smtp-sandbox` (aiosmtpd: STARTTLS required, AUTH PLAIN/LOGIN) run for one test on a port of its own,
/// and the mails it received, read from its `mails.json`.
public struct SMTPSandbox: Sendable {
    /// One mail as the server received it.
    public struct ReceivedMail: Decodable, Sendable {
        /// The file the raw mail is in, inside the sandbox's folder.
        public let file: String
        /// The envelope sender (`MAIL FROM`).
        public let mail_from: String
        /// The envelope recipients (`RCPT TO`).
        public let rcpt_tos: [String]
        /// The login the client authenticated as, nil when it did not.
        public let auth_user: String?
        /// Whether the session ran over TLS.
        public let tls: Bool
        /// Every header name, in order, repeats included.
        public let header_names: [String]
        /// The headers, encoded words decoded.
        public let headers: [String: String]
        /// The Subject header as it was on the wire.
        public let raw_subject: String?
        /// The body, transfer encoding and charset decoded.
        public let body: String
    }

    /// The project's Python, where `scripts/install-deps` puts aiosmtpd.
    public static let python = TestServices.repositoryRoot.appendingPathComponent(".venv/bin/python").path
    private static let script = TestServices.repositoryRoot.appendingPathComponent("scripts/smtp-sandbox").path
    private static let openssl = ["/usr/bin/openssl", "/bin/openssl", "/usr/local/bin/openssl"]

    /// What is missing to run the sandbox (`.venv` with aiosmtpd, `openssl`), nil when nothing is: the reason a
    /// test names when it skips.
    public static let missing: String? = {
        var missing: [String] = []
        let hasAiosmtpd = FileManager.default.isExecutableFile(atPath: python)
            && FileManager.default.fileExists(
                atPath: TestServices.repositoryRoot.appendingPathComponent(".venv/bin/aiosmtpd").path)
        if !hasAiosmtpd { missing.append("aiosmtpd in .venv/ (run scripts/install-deps)") }
        if !openssl.contains(where: FileManager.default.isExecutableFile(atPath:)) { missing.append("openssl") }
        return missing.isEmpty ? nil : "the SMTP sandbox needs " + missing.joined(separator: " and ")
    }()

    /// How the server protects a session.
    public enum Security: Sendable {
        /// STARTTLS offered and required before AUTH and mail (`smtp://`).
        case starttls
        /// TLS from the first byte (`smtps://`).
        case implicitTLS
        /// No TLS offered at all: a server a client must refuse.
        case noTLS
    }

    /// How it protects a session.
    public let security: Security
    /// The port it listens on, at 127.0.0.1.
    public let port: Int
    /// Its folder: the certificate, the mails and `mails.json`.
    public let folder: URL
    /// The certificate to trust (`SMTP_CA_FILE`); nil when it offers no STARTTLS.
    public let caFile: String?
    /// The login AUTH accepts.
    public let user: String
    /// Its password.
    public let password: String

    /// Runs `body` with a sandbox of its own, and always stops and reaps the server afterwards, whatever `body`
    /// did.
    public static func with<Result: Sendable>(
        security: Security = .starttls,
        user: String = "bridge",
        password: String = "sandbox-password-\(UUID().uuidString.prefix(8))",
        _ body: @Sendable (SMTPSandbox) async throws -> Result
    ) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taskbridge-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (child, port) = try await start(folder: folder, security: security, user: user, password: password)
        let sandbox = SMTPSandbox(
            security: security, port: port, folder: folder,
            caFile: security == .noTLS ? nil : folder.appendingPathComponent("cert.pem").path, user: user,
            password: password)
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body(sandbox))
        } catch {
            outcome = .failure(error)
        }
        await stop(child)
        return try outcome.get()
    }

    /// `smtp://127.0.0.1:PORT`, or `smtps://` for implicit TLS.
    public var url: String { "\(security == .implicitTLS ? "smtps" : "smtp")://127.0.0.1:\(port)" }

    /// Every mail received so far, oldest first.
    public func mails() throws -> [ReceivedMail] {
        struct Listing: Decodable { let mails: [ReceivedMail] }
        let data = try Data(contentsOf: folder.appendingPathComponent("mails.json"))
        return try JSONDecoder().decode(Listing.self, from: data).mails
    }

    /// The raw bytes of a received mail, as they came over the wire.
    public func raw(_ mail: ReceivedMail) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(mail.file), encoding: .utf8)
    }

    /// Starts the script on a free port until one serves (five tries, each bounded by 30 s): a port taken
    /// meanwhile by another test makes the script fail at once, and another port is tried.
    private static func start(folder: URL, security: Security, user: String, password: String) async throws
        -> (ChildProcess, Int)
    {
        if let missing { throw SandboxError(description: missing) }
        var lastOutput = ""
        for _ in 0..<5 {
            let port = try FreePort.pick()
            let arguments = [script, "--port", "\(port)", "--dir", folder.path, "--user", user]
                + (security == .starttls ? [] : security == .implicitTLS ? ["--implicit-tls"] : ["--no-starttls"])
            // The password goes by the environment, never the command line that `ps` shows.
            let child = try ChildProcess(
                python, arguments,
                environment: ["PATH": "/usr/bin:/bin:/usr/local/bin", "SMTP_SANDBOX_PASSWORD": password, "LANG": "C.UTF-8"])
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if child.stdout.contains("ready on") { return (child, port) }
                // A failed start prints a traceback (port in use, no openssl) and exits.
                if child.stderr.contains("Error") || child.stderr.contains("smtp-sandbox:") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            lastOutput = child.stderr
            await stop(child)
        }
        throw SandboxError(description: "the SMTP sandbox did not start on five ports: \(lastOutput.suffix(500))")
    }

    /// SIGTERM, and SIGKILL if it has not ended within 10 s; returns once the child is reaped.
    private static func stop(_ child: ChildProcess) async {
        child.send(SIGTERM)
        let killer = Task {
            // Cancelled once the child is reaped: its pid may then belong to another process.
            do { try await Task.sleep(for: .seconds(10)) } catch { return }
            child.send(SIGKILL)
        }
        _ = await child.wait()
        killer.cancel()
    }

    /// The sandbox could not be started.
    public struct SandboxError: Error, CustomStringConvertible {
        public let description: String
    }
}
