import Synchronization

/// Time a test moves by hand, for the rate limiter's schedule in memory: it starts a second in, so a schedule's
/// "no slot yet" lies in the past.
final class ManualClock: Sendable {
    private let elapsed = Mutex<Duration>(.seconds(1))

    /// The time now.
    var now: Duration { elapsed.withLock { $0 } }

    /// Moves time forward by `duration`.
    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }
}

/// A count several tasks add to.
final class Tally: Sendable {
    private let value = Mutex(0)

    /// The count so far.
    var count: Int { value.withLock { $0 } }

    /// Adds one.
    func add() {
        value.withLock { $0 += 1 }
    }
}
