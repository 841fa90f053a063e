extension Duration {
    /// The duration in whole milliseconds, rounded up and at least 1, because libcurl reads 0 as "no limit".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(clamping: max(1, milliseconds))
    }
}
