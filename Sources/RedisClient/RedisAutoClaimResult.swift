/// What `XAUTOCLAIM` returns: where to continue, the entries now owned by the caller, and ids that no longer exist.
public struct RedisAutoClaimResult: Sendable, Equatable {
    /// The id to pass as `start` next time; `0-0` once the whole pending list was scanned.
    public let nextCursor: String
    /// The claimed entries, now pending for the claiming consumer with their delivery count raised.
    public let entries: [RedisStreamEntry]
    /// Pending ids whose entries were deleted from the stream (Redis 7 removes them from the pending list).
    public let deletedIDs: [String]

    /// A result with the given parts.
    public init(nextCursor: String, entries: [RedisStreamEntry], deletedIDs: [String]) {
        self.nextCursor = nextCursor
        self.entries = entries
        self.deletedIDs = deletedIDs
    }
}
