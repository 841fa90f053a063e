import Metrics

/// The reconciler's metrics, made once with fixed dimensions.
struct ReconcileMetrics: Sendable {
    /// The kinds of difference a pass reports (`ReconcileStep.kind`).
    static let findings = [
        "duplicate", "adopted", "archived", "unarchived", "deleted", "reappeared", "recreate", "unknown", "failed",
        "unsettled",
    ]

    /// Passes by outcome: `completed` or `failed`.
    private let passes: [String: Counter]
    /// Trello requests the reconciler sent (pages and archives, retries included).
    let trelloRequests = Counter(label: "taskbridge_reconcile_trello_requests_total")
    /// Trello requests of the last pass that completed: its cost.
    let lastPassTrelloRequests = Gauge(label: "taskbridge_reconcile_last_pass_trello_requests")
    /// Cards the last completed pass read.
    let lastPassCards = Gauge(label: "taskbridge_reconcile_last_pass_cards")
    /// How long passes took.
    let passDuration = Timer(label: "taskbridge_reconcile_pass_duration_seconds", preferredDisplayUnit: .seconds)
    /// Differences found, by kind: `duplicate` (tasks with duplicate cards), `deleted` (recorded cards found gone),
    /// `archived` (recorded cards seen archived), `unknown` (cards naming no known task), `recreate`, ….
    /// Unknown cards, failed tasks' cards and unsettled tasks are reported again by every pass that sees them.
    private let found: [String: Counter]
    /// Duplicate cards archived.
    let duplicatesArchived = Counter(label: "taskbridge_reconcile_duplicates_archived_total")
    /// Done tasks queued again for a new card after theirs was deleted.
    let recreations = Counter(label: "taskbridge_reconcile_recreations_total")

    init() {
        passes = Dictionary(uniqueKeysWithValues: ["completed", "failed"].map {
            ($0, Counter(label: "taskbridge_reconcile_passes_total", dimensions: [("outcome", $0)]))
        })
        found = Dictionary(uniqueKeysWithValues: Self.findings.map {
            ($0, Counter(label: "taskbridge_reconcile_findings_total", dimensions: [("finding", $0)]))
        })
    }

    /// Counts a pass by outcome.
    func countPass(completed: Bool) {
        passes[completed ? "completed" : "failed"]?.increment()
    }

    /// Counts a difference a pass found.
    func countFinding(_ kind: String) {
        found[kind]?.increment()
    }
}
