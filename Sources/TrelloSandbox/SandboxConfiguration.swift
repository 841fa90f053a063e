/// How a sandbox starts: where it listens, what it accepts, the board it holds, its limits and its faults.
public struct SandboxConfiguration: Sendable {
    /// The default address, 127.0.0.1.
    public static let defaultHost = "127.0.0.1"
    /// The default port, 8090.
    public static let defaultPort = 8090
    /// The default board id.
    public static let defaultBoardID = "5f1a2b3c4d5e6f7081929394"
    /// The default seed.
    public static let defaultSeed: UInt64 = 1
    /// The default longest request target (path and query) in bytes before a 414.
    public static let defaultMaximumRequestTargetLength = 16384

    /// Address to bind.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Key and token accepted at start.
    public var credentials: Credentials
    /// Id of the seeded board (24 hex characters).
    public var boardID: String
    /// Further boards, each seeded like the first and reached with its own key and token.
    public var extraBoards: [ExtraBoard]
    /// Seed of every id and every injected fault.
    public var seed: UInt64
    /// Seed a bare board: no labels and no "To Do" list.
    public var bare: Bool
    /// Rate limits at start.
    public var limits: RateLimits
    /// Faults at start.
    public var faults: Faults
    /// Longest request target in bytes; a longer one gets 414, as Trello's front end answers.
    public var maximumRequestTargetLength: Int
    /// How long a new card stays invisible to `GET /1/search`, in milliseconds.
    public var searchLagMilliseconds: Int
    /// How webhook calls are signed, retried and given up on.
    public var webhooks: WebhookSettings

    /// A configuration; every value has the default `trello-sandbox --help` shows.
    public init(
        host: String = SandboxConfiguration.defaultHost,
        port: Int = SandboxConfiguration.defaultPort,
        credentials: Credentials = Credentials(),
        boardID: String = SandboxConfiguration.defaultBoardID,
        extraBoards: [ExtraBoard] = [],
        seed: UInt64 = SandboxConfiguration.defaultSeed,
        bare: Bool = false,
        limits: RateLimits = RateLimits(),
        faults: Faults = Faults(),
        maximumRequestTargetLength: Int = SandboxConfiguration.defaultMaximumRequestTargetLength,
        searchLagMilliseconds: Int = 0,
        webhooks: WebhookSettings = WebhookSettings()
    ) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.boardID = boardID
        self.extraBoards = extraBoards
        self.seed = seed
        self.bare = bare
        self.limits = limits
        self.faults = faults
        self.maximumRequestTargetLength = maximumRequestTargetLength
        self.searchLagMilliseconds = searchLagMilliseconds
        self.webhooks = webhooks
    }

    /// The first problem with this configuration, or nil when a sandbox can start with it.
    public var problem: String? {
        if !TrelloID.isValid(self.boardID) { return "board id must be 24 hexadecimal characters" }
        if !self.extraBoards.allSatisfy({ TrelloID.isValid($0.id) }) { return "an extra board's id must be 24 hexadecimal characters" }
        let ids = [self.boardID] + self.extraBoards.map(\.id)
        if Set(ids.map { $0.lowercased() }).count != ids.count { return "every board needs an id of its own" }
        if !(0...65535).contains(self.port) { return "port must be between 0 and 65535" }
        if self.maximumRequestTargetLength < 64 { return "the longest request target must be at least 64 bytes" }
        if self.searchLagMilliseconds < 0 { return "search lag must be 0 or more" }
        return self.limits.problem ?? self.faults.problem ?? self.webhooks.problem
    }
}
