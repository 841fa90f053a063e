import CCurl

extension HTTPClientError {
    /// Sorts a failed transfer's libcurl result code into a kind.
    init(_ code: CURLcode, detail: String, requestWasSent: Bool) {
        let kind = Self.kind(of: code)
        self.init(
            kind: kind,
            // A dropped connection counts as sent even when libcurl's byte count says otherwise (a resend was
            // refused, a partial write): only "sent" makes the caller check what the server did.
            requestWasSent: kind == .couldNotConnect ? false : (requestWasSent || kind == .connectionDropped),
            detail: detail,
            curlCode: Int(code.rawValue)
        )
    }

    private static func kind(of code: CURLcode) -> Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            .tls
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_SEND_FAIL_REWIND:
            .connectionDropped
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            .loginDenied
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            .invalidRequest
        default:
            .other
        }
    }
}
