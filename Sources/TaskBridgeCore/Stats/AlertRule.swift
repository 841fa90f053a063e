/// When a figure jumps: its average per bucket over the last `window` is above `factor` times its average over
/// the `baseline` before that window, with at least `minEvents` events in the window. An alert raised so resolves
/// once every bucket of a whole window stayed below `resolveFactor` times the baseline it was raised against.
public struct AlertRule: Sendable, Hashable {
    /// What one evaluation decided.
    public enum Decision: Sendable, Hashable {
        /// Nothing changes.
        case none
        /// Raise an alert: the window's and the baseline's averages, per minute.
        case raise(windowRate: Double, baselineRate: Double)
        /// Resolve the open alert.
        case resolve
    }

    /// The figure watched.
    public var figure: AlertFigure
    /// The recent window, in seconds (`ALERT_WINDOW_S`).
    public var window: Int
    /// The baseline before it, in seconds (`ALERT_BASELINE_S`).
    public var baseline: Int
    /// How many times the baseline the window must reach (`ALERT_FACTOR`).
    public var factor: Double
    /// The fewest events the window must hold (`ALERT_MIN_EVENTS`).
    public var minEvents: Int
    /// Below how many times the baseline the figure must stay for a window to resolve.
    public var resolveFactor: Double = 1.5

    /// Makes a rule.
    public init(figure: AlertFigure, window: Int, baseline: Int, factor: Double, minEvents: Int) {
        self.figure = figure
        self.window = window
        self.baseline = baseline
        self.factor = factor
        self.minEvents = minEvents
    }

    /// Decides on the buckets up to the one starting at `lastBucket` (Unix seconds), of `bucketSeconds` each:
    /// `values` and `events` by bucket start (a missing bucket is zero), and the alert open for the figure, if any,
    /// with the baseline it was raised against (per minute) and when (Unix seconds).
    public func evaluate(
        values: [Int: Double], events: [Int: Double], lastBucket: Int, bucketSeconds: Int,
        open: (baselineRate: Double, raisedAt: Int)?
    ) -> Decision {
        let windowBuckets = max(window / bucketSeconds, 1)
        let baselineBuckets = max(baseline / bucketSeconds, 1)
        let windowStarts = (0..<windowBuckets).map { lastBucket - $0 * bucketSeconds }
        let baselineStarts = (0..<baselineBuckets).map { lastBucket - (windowBuckets + $0) * bucketSeconds }
        let perMinute = 60 / Double(bucketSeconds)
        let windowAverage = windowStarts.map { values[$0] ?? 0 }.reduce(0, +) / Double(windowBuckets)
        let baselineAverage = baselineStarts.map { values[$0] ?? 0 }.reduce(0, +) / Double(baselineBuckets)
        let scale = figure.isLevel ? 1 : perMinute
        if let open {
            let limit = resolveFactor * open.baselineRate / scale
            let stayedLow = windowStarts.allSatisfy { (values[$0] ?? 0) < limit || (values[$0] ?? 0) == 0 }
            let windowPassed = lastBucket + bucketSeconds - open.raisedAt >= window
            return stayedLow && windowPassed ? .resolve : .none
        }
        let windowEvents = windowStarts.map { events[$0] ?? 0 }.reduce(0, +)
        guard windowEvents >= Double(minEvents), windowAverage > factor * baselineAverage else { return .none }
        return .raise(windowRate: windowAverage * scale, baselineRate: baselineAverage * scale)
    }
}

/// The figures alerts watch (`ALERT_FIGURES`): each is a `StatsFigure`, and the one its floor of events counts.
public enum AlertFigure: String, Sendable, Hashable, CaseIterable {
    /// Tasks failed for good.
    case failed
    /// The 95th percentile of the lag from acceptance to card.
    case lagP95 = "lag_p95"
    /// Trello's 429 answers.
    case trello429 = "trello_429"

    /// The history figure watched.
    public var figure: StatsFigure {
        switch self {
        case .failed: .failed
        case .lagP95: .lagP95
        case .trello429: .trello429
        }
    }

    /// The history figure that counts the events the floor applies to.
    public var events: StatsFigure {
        self == .lagP95 ? .lagObservations : figure
    }

    /// Whether the figure is a level (seconds), whose rate is its average, not a count per minute.
    public var isLevel: Bool { self == .lagP95 }
}
