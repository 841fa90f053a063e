import TaskBridgeRuntime
/// How a worker paces itself: `WORKER_CONCURRENCY` and `LEASE_SECONDS`.
public struct WorkerSettings: Sendable, Hashable {
    /// Tasks one worker dispatches at once; Trello's latency, not the CPU, is what they wait on.
    public static let defaultConcurrency = 16
    /// How long a claim holds a task: far above one Trello call, short enough that a dead worker's tasks move
    /// again within a minute. Also the idle time after which stream entries are taken over.
    public static let defaultLease: Duration = .seconds(60)

    /// Tasks dispatched at once.
    public var concurrency: Int
    /// How long a claim holds a task.
    public var lease: Duration

    /// Makes settings.
    public init(concurrency: Int = defaultConcurrency, lease: Duration = defaultLease) {
        self.concurrency = concurrency
        self.lease = lease
    }

    /// Reads `WORKER_CONCURRENCY` (1 to 1024) and `LEASE_SECONDS` (5 to 3600).
    public init(reading environment: inout EnvironmentReader) {
        self.init(
            concurrency: environment.integer("WORKER_CONCURRENCY", default: Self.defaultConcurrency, in: 1...1024),
            lease: environment.seconds("LEASE_SECONDS", default: Self.defaultLease, in: 5...3600)
        )
    }
}
