import TaskBridgeRuntime
/// How the reconciler compares PostgreSQL's tasks with the board's cards: `RECONCILE_INTERVAL_MS`,
/// `RECONCILE_WINDOW`, `RECONCILE_RECREATE` and `RECONCILE_BUDGET_SHARE`.
public struct ReconcileSettings: Sendable, Hashable {
    /// A pass a minute across the fleet: duplicates are gone a minute or two after they appear.
    public static let defaultInterval: Duration = .seconds(60)
    /// The last day's tasks: a duplicate can only appear while its task is being dispatched, and a day covers every
    /// retry within `RETRY_MAX_ELAPSED_MS`'s default.
    public static let defaultWindow: Duration = .seconds(24 * 3600)
    /// 2% of the token's budget: one request every 5 s under Trello's 100 per 10 s.
    public static let defaultBudgetShare = 0.02
    /// The windows accepted: a minute to 90 days.
    public static let windowRange: ClosedRange<Duration> = .seconds(60) ... .seconds(90 * 86_400)
    /// The largest share of the budget accepted: the workers keep at least half.
    public static let maximumBudgetShare = 0.5

    /// Time from the end of one pass anywhere in the fleet to the start of the next.
    public var interval: Duration
    /// How far back a pass looks: done tasks whose first attempt is this recent, and the board's cards made since.
    public var window: Duration
    /// Whether a done task whose card was deleted is queued again for one new card.
    public var recreate: Bool
    /// The share (0 to 0.5) of the token's Trello budget the reconciler may spend.
    public var budgetShare: Double

    /// Makes settings.
    public init(
        interval: Duration = defaultInterval,
        window: Duration = defaultWindow,
        recreate: Bool = false,
        budgetShare: Double = defaultBudgetShare
    ) {
        self.interval = interval
        self.window = window
        self.recreate = recreate
        self.budgetShare = budgetShare
    }

    /// Reads the variables: the interval in ms (100 to a day), the window as `DurationText` (`24h`), recreation as a
    /// boolean, the share as a number above 0 and at most 0.5.
    public init(reading environment: inout EnvironmentReader) {
        self.init(
            interval: environment.milliseconds("RECONCILE_INTERVAL_MS", default: Self.defaultInterval, in: 100...86_400_000),
            window: environment.duration("RECONCILE_WINDOW", default: Self.defaultWindow, in: Self.windowRange),
            recreate: environment.bool("RECONCILE_RECREATE", default: false),
            budgetShare: environment.decimal(
                "RECONCILE_BUDGET_SHARE", default: Self.defaultBudgetShare, above: 0, atMost: Self.maximumBudgetShare)
        )
    }
}
