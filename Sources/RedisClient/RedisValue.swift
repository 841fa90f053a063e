/// One reply from Redis, copied out of hiredis' reply tree (RESP2 types).
public enum RedisValue: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply; only pipelines return these, single commands throw them as `RedisError`.
    case error(String)
    /// An integer reply.
    case integer(Int)
    /// A bulk string, binary-safe.
    case bulkString([UInt8])
    /// A nil bulk string or nil array.
    case null
    /// An array of replies.
    case array([RedisValue])

    /// The text of a simple or bulk string (bulk bytes decoded as UTF-8, invalid sequences replaced), else nil.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk or simple string, else nil.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// An integer reply, or a string reply holding a decimal integer (as `GET` returns counters), else nil.
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .bulkString, .simpleString: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply, else nil.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The message of an error reply, else nil.
    public var errorMessage: String? {
        if case .error(let message) = self { message } else { nil }
    }

    /// Whether the reply is a nil bulk string or nil array.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }
}
