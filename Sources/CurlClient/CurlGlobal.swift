import CCurl

/// libcurl's process-wide setup, done once before the first handle exists.
enum CurlGlobal {
    /// Whether `curl_global_init` succeeded; a Swift `static let` runs its initialiser exactly once, thread-safely,
    /// which libcurl 7.88 needs because its own init is not guaranteed to be thread-safe.
    static let isInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
}
