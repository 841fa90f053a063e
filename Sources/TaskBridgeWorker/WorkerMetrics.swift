import Foundation
import Metrics
import TaskBridgeCore
import Trello

/// The worker's metrics, made once with fixed dimensions (never ids), through whatever swift-metrics backend the
/// process bootstrapped.
struct WorkerMetrics: Sendable {
    /// Finished attempts by outcome: `done` (a card), `notified` (a Slack message or mail sent), `retrying`,
    /// `failed`, `released`; and `skipped` deliveries.
    private let outcomes: [String: Counter]
    /// Attempts started (claims).
    let attempts = Counter(label: "taskbridge_dispatch_attempts_total")
    /// Time a delivery waited on the stream, from its entry's id to its claim.
    let queueWait = Timer(label: "taskbridge_queue_wait_seconds", preferredDisplayUnit: .seconds)
    /// Entries not yet delivered to the group plus entries delivered and not acknowledged.
    let queueDepth = Gauge(label: "taskbridge_queue_depth")
    /// Time spent waiting for the fleet's rate limiter before a Trello request.
    let rateLimitWait = Timer(label: "taskbridge_rate_limit_wait_seconds", preferredDisplayUnit: .seconds)
    /// 1 while this worker is paused (Trello refused the credentials), else 0.
    let paused = Gauge(label: "taskbridge_fleet_paused")
    /// The reconciler's passes, their Trello cost and what they found.
    let reconcile = ReconcileMetrics()
    /// Time from a task's acceptance to its card, for `deploy/prometheus`'s lag rule.
    let cardLag = Timer(label: "taskbridge_card_lag_seconds", preferredDisplayUnit: .seconds)
    /// Trello's 429 answers, for `deploy/prometheus`'s rule.
    let trelloRateLimited = Counter(label: "taskbridge_trello_rate_limited_total")
    /// Trello's 5xx answers.
    let trelloServerErrors = Counter(label: "taskbridge_trello_server_errors_total")
    /// This worker's counts for the history (cards, failures, lags, Trello's answers), flushed by `StatsLeader`.
    let history: StatsTally
    private let latency: [String: Timer]
    private let errors: [String: Counter]

    /// The Trello operations timed, each under its name.
    static let operations: [TrelloOperation] = [
        .lists, .labels, .members, .lookupCards, .createList, .createLabel, .createCard, .reconcileCards, .archiveCard,
    ]

    init(history: StatsTally = StatsTally()) {
        self.history = history
        outcomes = Dictionary(uniqueKeysWithValues: ["done", "notified", "retrying", "failed", "released", "skipped"].map {
            ($0, Counter(label: "taskbridge_dispatch_outcomes_total", dimensions: [("outcome", $0)]))
        })
        latency = Dictionary(uniqueKeysWithValues: Self.operations.map {
            ($0.name, Timer(label: "taskbridge_trello_request_duration_seconds", dimensions: [("operation", $0.name)],
                            preferredDisplayUnit: .seconds))
        })
        errors = Dictionary(uniqueKeysWithValues: ["transient", "permanent", "credentials", "outcomeUnknown"].map {
            ($0, Counter(label: "taskbridge_trello_errors_total", dimensions: [("kind", $0)]))
        })
    }

    /// Counts one finished attempt or skipped delivery.
    func count(outcome: String) {
        outcomes[outcome]?.increment()
    }

    /// Records how long a Trello operation took.
    func recordLatency(_ operation: TrelloOperation, _ duration: Duration) {
        latency[operation.name]?.record(duration: duration)
    }

    /// Counts a failed Trello request by whose fault it was.
    func countError(kind: String) {
        errors[kind]?.increment()
    }

    /// Counts one request Trello answered (or did not), by its status, for the history.
    func countTrelloRequest(status: Int?) {
        history.add(.trelloRequests)
        if status == 429 {
            history.add(.trello429)
            trelloRateLimited.increment()
        }
        if let status, (500...599).contains(status) {
            history.add(.trello5xx)
            trelloServerErrors.increment()
        }
    }

    /// Counts a recorded outcome for the history: a card, with the lag from acceptance, or a final failure.
    func countRecorded(_ result: DispatchOutcome.Result, type: String, acceptedAt: Date) {
        switch result {
        case .done:
            let lag = Duration.milliseconds(Int64(max(Date().timeIntervalSince(acceptedAt), 0) * 1000))
            history.add(.carded, type: type)
            history.observeLag(lag)
            cardLag.record(duration: lag)
        case .fail:
            history.add(.failed, type: type)
        case .notified, .retry, .release:
            break
        }
    }
}
