/// The times of the last requests one token or key made, so at most `limit` fall in any window: the strictest
/// reading of Trello's "100 requests per 10 second interval".
struct SlidingWindow: Sendable {
    private var stamps: [Int64]
    private var head = 0
    private var count = 0

    /// An empty window holding at most `limit` requests (at least 1).
    init(limit: Int) {
        self.stamps = Array(repeating: 0, count: max(limit, 1))
    }

    /// Requests still allowed once everything at or before `cutoff` has left the window.
    mutating func remaining(after cutoff: Int64) -> Int {
        while self.count > 0 && self.stamps[self.head] <= cutoff {
            self.head = (self.head + 1) % self.stamps.count
            self.count -= 1
        }
        return self.stamps.count - self.count
    }

    /// Records a request at `time`; the caller checked `remaining` first.
    mutating func record(at time: Int64) {
        self.stamps[(self.head + self.count) % self.stamps.count] = time
        self.count += 1
    }
}
