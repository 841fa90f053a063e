import CCurl

/// One libcurl easy handle with its error buffer, reused across transfers and cleaned up once.
///
/// Only the session's loop thread touches it.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Makes a handle, or returns nil when libcurl cannot.
    init?() {
        guard CurlGlobal.isInitialized, let raw = curl_easy_init() else { return nil }
        self.raw = raw
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Points libcurl at this handle's (emptied) error buffer; needed again after every `reset()`.
    func attachErrorBuffer() throws(HTTPClientError) {
        errorBuffer[0] = 0
        try check(tb_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
    }

    /// Clears every option so the next transfer starts from libcurl's defaults; connections stay in the multi's cache.
    func reset() {
        curl_easy_reset(raw)
    }

    /// libcurl's message for the last failure: the error buffer, or the result code's generic text.
    func message(for code: CURLcode) -> String {
        errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
    }

    /// Reads a `long` piece of transfer information, 0 when libcurl has none.
    func info(_ info: CURLINFO) -> Int {
        var value = 0
        return tb_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(tb_easy_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        // libcurl copies string options (CURLOPT_POSTFIELDS aside, which we never use), so the C string may go.
        try check(value.withCString { tb_easy_setopt_string(raw, option, $0) }, option)
    }

    /// Hands libcurl a copy of the request body; it sends it with POST unless a custom method is set.
    func copyPostFields(_ body: [UInt8]) throws(HTTPClientError) {
        // The size first, so the body may hold NUL bytes; COPYPOSTFIELDS copies, so no pointer outlives this call.
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: body.count)
        let code = body.withUnsafeBytes { bytes in
            // An empty array may have no storage; libcurl needs a real pointer even for zero bytes.
            guard let start = bytes.baseAddress else {
                return tb_easy_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, "")
            }
            return tb_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: start))
        }
        try check(code, CURLOPT_COPYPOSTFIELDS)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(HTTPClientError) {
        try check(tb_easy_setopt_pointer(raw, option, pointer), option)
    }

    func set(_ option: CURLoption, list: HeaderList) throws(HTTPClientError) {
        try check(tb_easy_setopt_slist(raw, option, list.pointer), option)
    }

    func set(_ option: CURLoption, offset: Int) throws(HTTPClientError) {
        try check(tb_easy_setopt_offset(raw, option, curl_off_t(offset)), option)
    }

    func set(_ option: CURLoption, callback: tb_data_callback) throws(HTTPClientError) {
        try check(tb_easy_setopt_data_callback(raw, option, callback), option)
    }

    func set(_ option: CURLoption, callback: curl_prereq_callback) throws(HTTPClientError) {
        try check(tb_easy_setopt_prereq_callback(raw, option, callback), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPClientError) {
        guard code != CURLE_OK else { return }
        let reason = String(cString: curl_easy_strerror(code))
        throw HTTPClientError(
            kind: .other,
            requestWasSent: false,
            detail: "libcurl refused option \(option.rawValue): \(reason)",
            curlCode: Int(code.rawValue)
        )
    }
}
