/// The body of `POST /_sandbox/cards`: `count` cards (1 to 100,000) made at once on the seeded board, named
/// `name` and a number, each with the description `desc` (empty unless given), in the list named `list` (the
/// board's first open list unless given), dated `ageSeconds` back (now unless given: a board whose cards are old,
/// as a real large board's are). For tests of large boards: one request instead of thousands.
struct CardSeed: Decodable, Sendable {
    /// The most cards one request seeds.
    static let maximumCount = 100_000

    let count: Int
    let name: String
    let desc: String
    let list: String?
    let ageSeconds: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PatchKey.self)
        try container.rejectUnknownKeys(["count", "name", "desc", "list", "ageSeconds"])
        self.count = try container.optional("count") ?? 0
        self.name = try container.optional("name") ?? "Seeded card"
        self.desc = try container.optional("desc") ?? ""
        self.list = try container.optional("list")
        self.ageSeconds = try container.optional("ageSeconds") ?? 0
    }

    /// The first problem with this seed, or nil.
    var problem: String? {
        if !(1...Self.maximumCount).contains(self.count) { return "count must be from 1 to \(Self.maximumCount)" }
        if self.desc.utf16.count > CardDraft.maximumTextLength { return "desc must be at most 16384 characters" }
        if !(0...315_360_000).contains(self.ageSeconds) { return "ageSeconds must be from 0 to 315360000 (ten years)" }
        return nil
    }
}
