import Synchronization

/// One request on its way through the session: what libcurl needs, checked and prepared on the caller's thread,
/// and the caller's continuation, resumed exactly once by whoever finishes it first (the loop, a cancellation,
/// a shutdown).
final class Transfer: Sendable {
    let method: HTTPMethod
    let url: String
    let headerLines: [String]
    let pinnedAddresses: [String]
    let body: [UInt8]?
    let isIdempotent: Bool
    let connectTimeout: Duration
    let deadline: ContinuousClock.Instant
    /// The mail to send, for an SMTP transfer; nil for HTTP.
    let mail: SMTPSubmission?

    private enum State {
        case preparing
        case waiting(CheckedContinuation<HTTPResponse, any Error>)
        case cancelled
        case finished
    }

    private let state = Mutex(State.preparing)

    /// Checks the request and prepares its header lines; throws `.invalidRequest` for what libcurl must never see.
    init(_ request: HTTPRequest, configuration: HTTPSession.Configuration) throws(HTTPClientError) {
        guard Self.isToken(request.method.rawValue) else {
            throw Self.invalid("the method is not an HTTP token")
        }
        guard !(request.method == .head && request.body != nil) else {
            throw Self.invalid("a HEAD request cannot have a body")
        }
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 1)
        for field in request.headers {
            guard Self.isToken(field.name) else {
                throw Self.invalid("a header name is not an HTTP token")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw Self.invalid("the value of header \(field.name) holds a line break or NUL")
            }
            // libcurl sends "Name;" as a header with an empty value; "Name:" would remove the header instead.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        self.body = request.body ?? ([.post, .put, .patch].contains(request.method) ? [] : nil)
        if body != nil && !request.headers.contains("Expect") {
            // libcurl would otherwise wait up to a second for "100 Continue" before sending a large body.
            lines.append("Expect:")
        }
        self.method = request.method
        self.url = request.url
        self.headerLines = lines
        guard !request.pinnedAddresses.contains(where: { $0.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F }) }) else {
            throw Self.invalid("a pinned address holds a space or a control character")
        }
        self.pinnedAddresses = request.pinnedAddresses
        self.isIdempotent = request.isIdempotent
        self.connectTimeout = request.connectTimeout ?? configuration.connectTimeout
        self.deadline = .now + (request.timeout ?? configuration.timeout)
        self.mail = nil
    }

    /// Checks a mail: an `smtp://` or `smtps://` URL, at least one recipient, and addresses libcurl can put in
    /// an SMTP command line as they are.
    init(_ mail: SMTPSubmission, configuration: HTTPSession.Configuration) throws(HTTPClientError) {
        let scheme = mail.url.prefix { $0 != ":" }.lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw Self.invalid("a mail goes to an smtp:// or smtps:// URL")
        }
        guard !mail.recipients.isEmpty else {
            throw Self.invalid("a mail needs at least one recipient")
        }
        for address in [mail.from] + mail.recipients where !Self.isBareAddress(address) {
            throw Self.invalid("an envelope address is not a bare address (no spaces, brackets or line breaks)")
        }
        self.method = .post
        self.url = mail.url
        self.headerLines = []
        self.pinnedAddresses = []
        self.body = nil
        // A mail carries its Message-ID, so a resend is recognisably the same mail; still, never resend silently.
        self.isIdempotent = false
        self.connectTimeout = mail.connectTimeout ?? configuration.connectTimeout
        self.deadline = .now + (mail.timeout ?? configuration.timeout)
        self.mail = mail
    }

    /// Stores the caller's continuation; false (and the continuation resumed) when the caller was already cancelled.
    func install(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        let installed = state.withLock { state in
            guard case .preparing = state else { return false }
            state = .waiting(continuation)
            return true
        }
        if !installed {
            continuation.resume(throwing: CancellationError())
        }
        return installed
    }

    /// Resumes the caller with `CancellationError`; true when the loop should also stop the transfer.
    func cancel() -> Bool {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = state.withLock { state in
            switch state {
            case .preparing:
                state = .cancelled
                return nil
            case .waiting(let continuation):
                state = .cancelled
                return continuation
            case .cancelled, .finished:
                return nil
            }
        }
        continuation?.resume(throwing: CancellationError())
        return continuation != nil
    }

    /// Whether the caller has given up; the loop then skips or drops the transfer.
    var isCancelled: Bool {
        state.withLock { state in
            if case .cancelled = state { true } else { false }
        }
    }

    /// Resumes the caller with the outcome, unless it was resumed already.
    func finish(_ result: Result<HTTPResponse, HTTPClientError>) {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .finished
            return continuation
        }
        continuation?.resume(with: result.mapError { $0 })
    }

    /// RFC 9110 token characters: what a method or header name may hold.
    private static func isToken(_ string: String) -> Bool {
        !string.isEmpty && string.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// `local@domain` with nothing libcurl would wrap or send as a second command.
    private static func isBareAddress(_ address: String) -> Bool {
        address.contains("@") && !address.utf8.contains { byte in
            byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        }
    }

    private static func invalid(_ detail: String) -> HTTPClientError {
        HTTPClientError(kind: .invalidRequest, requestWasSent: false, detail: detail)
    }
}
