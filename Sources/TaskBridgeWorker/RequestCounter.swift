import Synchronization

/// Counts requests sent from several places of one pass (its pages, its archives).
final class RequestCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one request.
    func add() {
        count.add(1, ordering: .relaxed)
    }

    /// The requests counted so far.
    var value: Int { count.load(ordering: .relaxed) }
}
