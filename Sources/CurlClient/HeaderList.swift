import CCurl

/// A libcurl string list (request header lines, or `CURLOPT_RESOLVE` entries), freed once when the transfer that
/// uses it is over.
final class HeaderList {
    let pointer: UnsafeMutablePointer<curl_slist>

    /// Builds the list, or returns nil when there are no lines or libcurl is out of memory.
    init?(lines: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                return nil
            }
            list = longer
        }
        guard let list else { return nil }
        self.pointer = list
    }

    deinit {
        curl_slist_free_all(pointer)
    }
}
