/// A Lua script with its SHA-1, run with `evalSHA` so the source crosses the network only when Redis lacks it.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// The SHA-1 of the source in lowercase hex, as `SCRIPT LOAD` returns it.
    public let sha1: String

    /// A script from its Lua source; the SHA-1 is computed here, without asking Redis.
    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(of: Array(source.utf8))
    }
}
