/// One binary-safe argument of a command: the bytes sent to Redis as they are.
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The bytes sent to Redis.
    public let bytes: [UInt8]

    /// An argument holding raw bytes (which may contain 0x00).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// An argument holding a string's UTF-8 bytes.
    public init(_ string: String) {
        self.bytes = Array(string.utf8)
    }

    /// An argument holding an integer's decimal digits.
    public init(_ integer: Int) {
        self.init(String(integer))
    }

    /// An argument written as a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// An argument written as an integer literal.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
