/// How long Trello may still act on a card create the bridge stopped waiting for (`TRELLO_SETTLE_MS`).
///
/// Real Trello has no idempotency key, and a create that timed out at the client may still be running there. So
/// no second create is sent until the first can no longer land, unless a lookup finds its card first. The bound
/// is a choice, not a Trello guarantee: a create that lands later still makes a second card, which the
/// reconciler archives.
public struct SettleWindow: Sendable, Hashable {
    /// The smallest default: a create stuck behind a slow Trello is given at least this long.
    public static let minimumDefault: Duration = .seconds(30)

    /// How long after a create was sent Trello may still act on it.
    public var settle: Duration
    /// The client's timeout for one request (`TRELLO_TIMEOUT_MS`).
    public var requestTimeout: Duration

    /// A window of `settle` for a client whose requests time out after `requestTimeout`.
    public init(settle: Duration, requestTimeout: Duration) {
        self.settle = settle
        self.requestTimeout = requestTimeout
    }

    /// The default for a client timeout: twice the timeout, and no less than `minimumDefault`.
    public static func defaultSettle(requestTimeout: Duration) -> Duration {
        max(minimumDefault, requestTimeout * 2)
    }

    /// How long after a dead worker's lease ended its create may still land: a worker sends a create only when it
    /// can finish within its lease, so the last one was sent at least one client timeout before the lease ended.
    public var afterLeaseEnd: Duration { max(settle - requestTimeout, .zero) }
}
