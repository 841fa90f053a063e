import Synchronization

/// The end of the fleet's rate-limit schedule as this worker last saw it: the latest slot the limiter granted it.
///
/// Every grant starts after every slot granted before it, to any worker, so the latest grant this worker saw is a
/// lower bound of the fleet's backlog. The dispatcher claims no more tasks than fit before a horizon: a task
/// claimed with its slot past its lease would only be released again, having spent a slot for nothing.
final class SlotHorizon: Sendable {
    private let latest = Mutex<ContinuousClock.Instant?>(nil)
    /// Time between two slots of the fleet's budget.
    let spacing: Duration

    init(spacing: Duration) {
        self.spacing = spacing
    }

    /// Notes a slot granted for `instant`.
    func granted(at instant: ContinuousClock.Instant) {
        latest.withLock { latest in
            if latest.map({ $0 < instant }) ?? true { latest = instant }
        }
    }

    /// How many more requests could start, one slot apart after the latest grant, within `horizon` from `now`.
    func requestsFitting(within horizon: Duration, at now: ContinuousClock.Instant = .now) -> Int {
        let start = max(now, latest.withLock { $0 } ?? now)
        let room = now + horizon - start
        guard room > .zero else { return 0 }
        guard spacing > .zero else { return .max }
        return Int(room / spacing) + 1
    }
}
