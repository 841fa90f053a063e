extension BoardStore {
    /// The store a sandbox starts with: board `boardID` with three members, the lists To Do / Doing / Done and the
    /// labels Bug / Maintenance / Research / Test; a bare board has neither those labels nor a "To Do" list, so
    /// provisioning (`taskbridge board sync`) has something to do. Every id follows from `seed`. Each of
    /// `extraBoardIDs` is seeded the same way after it, with the same members.
    static func seeded(boardID: String, extraBoardIDs: [String] = [], seed: UInt64, bare: Bool, now: String) -> BoardStore {
        var store = BoardStore(generator: SplitMix64(seed: seed))
        let memberIDs = [
            store.addMember(fullName: "Ada Lovelace", username: "adalovelace").id,
            store.addMember(fullName: "Grace Hopper", username: "gracehopper").id,
            store.addMember(fullName: "Alan Turing", username: "alanturing").id,
        ]
        store.ownerID = memberIDs[0]
        for (index, id) in ([boardID] + extraBoardIDs).enumerated() {
            store.addSeededBoard(id: id, name: index == 0 ? "TaskBridge Sandbox" : "TaskBridge Sandbox \(index + 1)", memberIDs: memberIDs, bare: bare, now: now)
        }
        return store
    }

    /// Adds board `id` with `memberIDs`, its lists and, unless `bare`, the bridge's labels.
    private mutating func addSeededBoard(id: String, name: String, memberIDs: [String], bare: Bool, now: String) {
        self.addBoard(id: id, name: name, memberIDs: memberIDs, now: now)
        // The board was just added, so adding to it cannot fail.
        let listNames = bare ? ["Backlog", "Doing", "Done"] : ["To Do", "Doing", "Done"]
        for name in listNames {
            try! self.addList(name: name, boardID: id, position: .bottom)
        }
        if !bare {
            for (name, color) in [("Bug", "red"), ("Maintenance", "yellow"), ("Research", "blue"), ("Test", "green")] {
                try! self.addLabel(name: name, color: color, boardID: id)
            }
        }
    }
}

extension BoardStore {
    /// Makes `seed.count` cards on board `boardID`, `seed.ageSeconds` before `milliseconds`, ids in creation order as
    /// ever (so not before a card the board already has), and returns the first and the last.
    mutating func addCards(_ seed: CardSeed, boardID: String, at milliseconds: Int64) throws(TrelloError) -> (Card, Card) {
        let lists = try self.lists(onBoard: boardID, filter: "open")
        let named = seed.list.map { name in lists.first { $0.name == name } } ?? lists.first
        guard let list = named else { throw .invalidValue("list") }
        let made = milliseconds - Int64(seed.ageSeconds) * 1000
        // Ids sort by creation, and listings rely on it: cards dated back may not come before newer ones.
        let newest = try self.cards(onBoard: boardID, filter: "all").compactMap { TrelloID.second(of: $0.id) }.max()
        if let newest, newest > made / 1000 { throw .invalidValue("ageSeconds") }
        let first = try self.addCard(CardDraft(idList: list.id, name: "\(seed.name) 1", desc: seed.desc), at: made)
        var last = first
        for number in stride(from: 2, through: seed.count, by: 1) {
            last = try self.addCard(CardDraft(idList: list.id, name: "\(seed.name) \(number)", desc: seed.desc), at: made)
        }
        return (first, last)
    }
}
