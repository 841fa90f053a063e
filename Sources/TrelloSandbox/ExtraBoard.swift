/// A further board the sandbox serves beside the seeded one, seeded the same way, with a key and token of its own:
/// a bridge with several boards, each behind its own Trello token, can be tried against one sandbox.
public struct ExtraBoard: Sendable, Equatable {
    /// The board's id (24 hex characters).
    public var id: String
    /// The key and token accepted for it, besides the sandbox's own; rate limits count them apart.
    public var credentials: Credentials

    /// A board `id` reached with `credentials`.
    public init(id: String, credentials: Credentials) {
        self.id = id
        self.credentials = credentials
    }

    /// `ID:KEY:TOKEN`, as `trello-sandbox --extra-board` takes it; nil when it is not three non-empty parts.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(id: parts[0], credentials: Credentials(key: parts[1], token: parts[2]))
    }
}
