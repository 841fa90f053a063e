/// First-in, first-out line of transfers waiting for a free slot; taking the first is O(1) amortised.
struct TransferQueue {
    private var items: [Transfer] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func append(contentsOf transfers: [Transfer]) {
        items.append(contentsOf: transfers)
    }

    mutating func popFirst() -> Transfer? {
        guard head < items.count else { return nil }
        let first = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return first
    }

    /// Empties the line, handing back what waited.
    mutating func removeAll() -> ArraySlice<Transfer> {
        defer {
            items = []
            head = 0
        }
        return items[head...]
    }
}
