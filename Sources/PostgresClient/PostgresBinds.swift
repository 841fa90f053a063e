/// Bind values laid out as libpq wants them: NUL-terminated texts in one buffer, so one pointer array into it
/// serves a whole `PQexecParams` call.
struct PostgresBinds: Sendable {
    /// Every non-NULL value's UTF-8 followed by a NUL byte.
    private(set) var bytes: [UInt8] = []
    /// Where each value starts in `bytes`, or -1 for NULL.
    private(set) var offsets: [Int] = []
    /// The 1-based number of the first value with a NUL byte inside, which text binds cannot carry.
    private(set) var firstBindWithNUL: Int?

    /// How many values there are.
    var count: Int { offsets.count }

    mutating func append(_ text: String?) {
        guard let text else {
            offsets.append(-1)
            return
        }
        offsets.append(bytes.count)
        bytes.append(contentsOf: text.utf8)
        if firstBindWithNUL == nil, text.utf8.contains(0) { firstBindWithNUL = offsets.count }
        bytes.append(0)
    }

    mutating func append(contentsOf other: PostgresBinds) {
        if firstBindWithNUL == nil, let other = other.firstBindWithNUL { firstBindWithNUL = count + other }
        let shift = bytes.count
        offsets.append(contentsOf: other.offsets.map { $0 < 0 ? $0 : $0 + shift })
        bytes.append(contentsOf: other.bytes)
    }

    /// Calls `body` with one C string pointer per value (nil for NULL), valid only during the call.
    func withCStrings<Result>(_ body: ([UnsafePointer<CChar>?]) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            let pointers = offsets.map { offset in offset < 0 ? nil : base.map { $0 + offset } }
            return try body(pointers)
        }
    }
}
