import CCurl

/// A transfer that holds an easy handle inside the multi handle: it configures the handle and collects the response
/// through libcurl's callbacks.
///
/// Only the loop thread touches it. The loop's table of running transfers keeps it alive until libcurl is done
/// with the handle (removed from the multi and reset), so the unretained pointer the callbacks get stays valid
/// without any manual retain and release.
final class RunningTransfer {
    let transfer: Transfer
    let easy: EasyHandle
    private let headerList: HeaderList?
    private let pinnedList: HeaderList?
    private let maxBodySize: Int
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    private var awaitingAnswer = false
    private var refusedResend = false
    /// The recipients of a mail, kept for libcurl until the transfer is over.
    private var recipientList: HeaderList?
    /// How much of a mail's message libcurl has read so far.
    private var uploaded = 0

    /// Sets every option of the transfer on a freshly reset handle; `timeLeft` is what remains of its deadline.
    init(
        _ transfer: Transfer,
        easy: EasyHandle,
        configuration: HTTPSession.Configuration,
        timeLeft: Duration
    ) throws(HTTPClientError) {
        self.transfer = transfer
        self.easy = easy
        self.maxBodySize = configuration.maxResponseBodySize
        if transfer.headerLines.isEmpty {
            self.headerList = nil
        } else {
            guard let list = HeaderList(lines: transfer.headerLines) else {
                throw HTTPClientError(kind: .other, requestWasSent: false, detail: "out of memory for header lines")
            }
            self.headerList = list
        }
        // libcurl keeps only a pointer to the list, so it lives as long as the transfer.
        self.pinnedList = HeaderList(lines: transfer.pinnedAddresses)
        if !transfer.pinnedAddresses.isEmpty && pinnedList == nil {
            throw HTTPClientError(kind: .other, requestWasSent: false, detail: "out of memory for pinned addresses")
        }

        try easy.attachErrorBuffer()
        try easy.set(CURLOPT_URL, transfer.url)
        // Signals are process-wide; libcurl must not use them for timeouts in a threaded program.
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, transfer.connectTimeout.curlMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, timeLeft.curlMilliseconds)
        try easy.set(CURLOPT_MAXAGE_CONN, Int(configuration.maxIdleTime.components.seconds))
        try easy.set(CURLOPT_SSL_VERIFYPEER, configuration.verifiesTLS ? 1 : 0)
        try easy.set(CURLOPT_SSL_VERIFYHOST, configuration.verifiesTLS ? 2 : 0)
        if let mail = transfer.mail {
            try setMail(mail)
            return
        }
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        if configuration.acceptsCompressedResponses {
            try easy.set(CURLOPT_ACCEPT_ENCODING, "")  // "" offers every encoding this libcurl can decode
        }
        if configuration.followsRedirects {
            try easy.set(CURLOPT_FOLLOWLOCATION, 1)
            try easy.set(CURLOPT_MAXREDIRS, 5)
            try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        }
        if let userAgent = configuration.userAgent {
            try easy.set(CURLOPT_USERAGENT, userAgent)
        }
        try setMethodAndBody()
        if let headerList {
            try easy.set(CURLOPT_HTTPHEADER, list: headerList)
        }
        if let pinnedList {
            try easy.set(CURLOPT_RESOLVE, list: pinnedList)
        }
        try setCallbacks()
    }

    /// The response, or the error libcurl's result code stands for.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, HTTPClientError> {
        if code == CURLE_OK {
            return .success(HTTPResponse(status: easy.info(CURLINFO_RESPONSE_CODE), headers: headers, body: body))
        }
        let requestWasSent = easy.info(CURLINFO_REQUEST_SIZE) > 0
        if transfer.mail != nil {
            return .failure(mailError(code))
        }
        if bodyTooLarge {
            let detail = "the response body exceeds \(maxBodySize) bytes"
            return .failure(HTTPClientError(kind: .responseTooLarge, requestWasSent: true, detail: detail))
        }
        if refusedResend {
            let detail = "the reused connection closed before any answer, and the request is not idempotent"
            return .failure(HTTPClientError(kind: .connectionDropped, requestWasSent: true, detail: detail))
        }
        return .failure(HTTPClientError(code, detail: easy.message(for: code), requestWasSent: requestWasSent))
    }

    /// SMTP with TLS required (STARTTLS for smtp://), the envelope, the login, and the message as an upload.
    private func setMail(_ mail: SMTPSubmission) throws(HTTPClientError) {
        try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        if let caFile = mail.caFile {
            try easy.set(CURLOPT_CAINFO, caFile)
        }
        try easy.set(CURLOPT_MAIL_FROM, "<\(mail.from)>")
        guard let recipients = HeaderList(lines: mail.recipients.map { "<\($0)>" }) else {
            throw HTTPClientError(kind: .other, requestWasSent: false, detail: "out of memory for recipients")
        }
        recipientList = recipients
        try easy.set(CURLOPT_MAIL_RCPT, list: recipients)
        if let username = mail.username {
            try easy.set(CURLOPT_USERNAME, username)
        }
        if let password = mail.password {
            try easy.set(CURLOPT_PASSWORD, password)
        }
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.set(CURLOPT_INFILESIZE_LARGE, offset: mail.message.count)
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, context in
            guard let buffer, let context else { return Int(CURL_READFUNC_ABORT) }
            let target = UnsafeMutableRawBufferPointer(start: buffer, count: size * count)
            return Unmanaged<RunningTransfer>.fromOpaque(context).takeUnretainedValue().readMessage(into: target)
        })
        try easy.set(CURLOPT_READDATA, pointer: context)
    }

    /// Copies the next part of the mail into libcurl's buffer; 0 once it is all sent.
    private func readMessage(into target: UnsafeMutableRawBufferPointer) -> Int {
        guard let message = transfer.mail?.message else { return 0 }
        let count = min(target.count, message.count - uploaded)
        guard count > 0 else { return 0 }
        message.withUnsafeBytes { source in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[uploaded..<uploaded + count]))
        }
        uploaded += count
        return count
    }

    /// A failed mail: a 4xx or 5xx reply to the envelope or the message is a refusal, with the server's code.
    private func mailError(_ code: CURLcode) -> HTTPClientError {
        let requestWasSent = easy.info(CURLINFO_REQUEST_SIZE) > 0 || uploaded > 0
        let error = HTTPClientError(code, detail: easy.message(for: code), requestWasSent: requestWasSent)
        let reply = easy.info(CURLINFO_RESPONSE_CODE)
        guard reply >= 400, error.kind == .connectionDropped || error.kind == .other else { return error }
        return HTTPClientError(
            kind: .refused, requestWasSent: requestWasSent,
            detail: "\(error.detail) (the server replied \(reply))", curlCode: error.curlCode)
    }

    private func setMethodAndBody() throws(HTTPClientError) {
        if transfer.method == .head {
            try easy.set(CURLOPT_NOBODY, 1)
            return
        }
        if let body = transfer.body {
            try easy.copyPostFields(body)
        }
        if transfer.method != .get && transfer.method != .post {
            try easy.set(CURLOPT_CUSTOMREQUEST, transfer.method.rawValue)
        }
    }

    private func setCallbacks() throws(HTTPClientError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_HEADERFUNCTION, callback: { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let line = UnsafeRawBufferPointer(start: buffer, count: size * count)
            Unmanaged<RunningTransfer>.fromOpaque(context).takeUnretainedValue().receiveHeaderLine(line)
            return size * count
        })
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        try easy.set(CURLOPT_WRITEFUNCTION, callback: { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: size * count)
            let accepted = Unmanaged<RunningTransfer>.fromOpaque(context).takeUnretainedValue().receiveBody(bytes)
            return accepted ? size * count : 0  // a short count makes libcurl abort with CURLE_WRITE_ERROR
        })
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        if !transfer.isIdempotent {
            // libcurl silently resends a request whose reused connection died before any answer. The server may
            // have acted on the first copy, so for a non-idempotent request the second attempt is refused.
            try easy.set(CURLOPT_PREREQFUNCTION, callback: { context, _, _, _, _ in
                guard let context else { return CURL_PREREQFUNC_ABORT }
                let running = Unmanaged<RunningTransfer>.fromOpaque(context).takeUnretainedValue()
                return running.allowsAttempt() ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT
            })
            try easy.set(CURLOPT_PREREQDATA, pointer: context)
        }
    }

    /// Refuses a new attempt that follows one which got no answer at all: that is libcurl's silent resend.
    /// An attempt after an answer is a redirect being followed, which is allowed.
    private func allowsAttempt() -> Bool {
        refusedResend = awaitingAnswer
        awaitingAnswer = true
        return !refusedResend
    }

    /// Takes one raw header line; a status line starts a new response (after a 1xx or a redirect).
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        awaitingAnswer = false
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()
            return
        }
        // Lines without a colon (the blank end line) and obsolete folded continuations carry no field.
        guard let first = line.first, !Self.isBlank(first), let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            return
        }
        var start = colon + 1
        var end = line.count
        while end > start, Self.isBlank(line[end - 1]) { end -= 1 }
        while start < end, Self.isBlank(line[start]) { start += 1 }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: line[start..<end], as: UTF8.self)
        headers.add(name, value)
        if body.isEmpty, HTTPHeaders.namesMatch(name, "Content-Length"), let length = Int(value) {
            body.reserveCapacity(min(length, maxBodySize))
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxBodySize else {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }
}
