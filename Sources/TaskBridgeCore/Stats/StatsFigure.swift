/// The figures the history keeps per bucket, by the name they have in Redis, in `stats_points` and in
/// `GET /v1/stats/history`.
public enum StatsFigure: String, Sendable, Hashable, CaseIterable, Codable {
    /// New tasks stored, by type.
    case accepted
    /// Tasks that got their card, by type.
    case carded
    /// Tasks that failed for good, by type.
    case failed
    /// Requests sent to Trello.
    case trelloRequests = "trello_requests"
    /// Trello's 429 answers.
    case trello429 = "trello_429"
    /// Trello's 5xx answers.
    case trello5xx = "trello_5xx"
    /// Tasks whose lag (acceptance to card) was observed.
    case lagObservations = "lag_observations"
    /// The 95th percentile of that lag, in seconds, from the bucket's lag histogram.
    case lagP95 = "lag_p95_seconds"
    /// Entries waiting on the dispatch stream when the bucket was persisted.
    case queueDepth = "queue_depth"
    /// Processes that added to the bucket (workers; the API counts as none).
    case workers

    /// Whether the figure is a level, not a count: a step of several buckets takes its largest value, not the sum.
    public var isGauge: Bool {
        switch self {
        case .lagP95, .queueDepth, .workers: true
        default: false
        }
    }

    /// Whether the figure is kept per task type.
    public var isPerType: Bool {
        switch self {
        case .accepted, .carded, .failed: true
        default: false
        }
    }
}
