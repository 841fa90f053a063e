import Foundation
import TaskBridgeCore
import TaskBridgeRuntime

/// Everything `buildServiceGroup` needs: the servers, Trello, the pace, and the timings, each with a named default.
public struct WorkerConfiguration: Sendable {
    /// PostgreSQL (`DATABASE_URL`).
    public var databaseURL: String
    /// Redis (`REDIS_URL`).
    public var redisURL: String
    /// The board and how to reach it (`TRELLO_*`).
    public var trello: TrelloSettings
    /// Concurrency and lease (`WORKER_CONCURRENCY`, `LEASE_SECONDS`).
    public var worker: WorkerSettings
    /// Backoff after transient failures and when to give up (`RETRY_BASE_MS`, `RETRY_CAP_MS`, `RETRY_MAX_ATTEMPTS`,
    /// `RETRY_MAX_ELAPSED_MS`, `RETRY_AFTER_CAP_MS`).
    public var retry: RetryPolicy
    /// The fleet's Trello budget (`TRELLO_TOKEN_LIMIT`, `TRELLO_KEY_LIMIT`, `TRELLO_LIMIT_WINDOW_MS`).
    public var limits: TrelloRateLimits
    /// Prefix of every Redis key the bridge uses (`REDIS_KEY_PREFIX`): the stream is `{prefix}:dispatch`, the
    /// fleet's state `{prefix}:fleet`. Two deployments sharing a Redis, or two tests, use different prefixes.
    public var keyPrefix: String = "taskbridge"
    /// The workers' consumer group.
    public var streamGroup: String = DispatchStream.defaultGroup
    /// The approximate length the relay's adds trim the stream to (`DISPATCH_STREAM_MAX_LENGTH`).
    public var streamMaxLength: Int = DispatchStream.defaultMaxLength
    /// This worker's consumer name in the group and owner name on leases (`WORKER_NAME`): unique per process.
    public var workerName: String = WorkerConfiguration.defaultWorkerName()
    /// The longest one Trello request may take (`TRELLO_TIMEOUT_MS`); kept well under the lease.
    public var requestTimeout: Duration = .seconds(10)
    /// How long Trello may still act on a create the worker stopped waiting for (`TRELLO_SETTLE_MS`; by default
    /// twice `TRELLO_TIMEOUT_MS` and at least 30 s, never less than `TRELLO_TIMEOUT_MS`).
    public var settle: SettleWindow {
        SettleWindow(settle: settleTime ?? SettleWindow.defaultSettle(requestTimeout: requestTimeout), requestTimeout: requestTimeout)
    }
    /// `TRELLO_SETTLE_MS` when set; nil follows `requestTimeout`.
    public var settleTime: Duration?
    /// How often the relay looks for tasks that are due but not moving (`RELAY_INTERVAL_MS`).
    public var relayInterval: Duration = .seconds(1)
    /// How long a worker waits, after finding no Trello webhook actions to apply, before it looks again
    /// (`TRELLO_ACTION_POLL_MS`): the longest a card's move takes to show on its task, once received.
    public var trelloActionInterval: Duration = .milliseconds(250)
    /// Callbacks to tasks' `callback_url` (`CALLBACK_*`); none are sent without `CALLBACK_SIGNING_KEY`.
    public var callbacks = CallbackSettings()
    /// Slack and email (`PUBLIC_BASE_URL`, `SMTP_CA_FILE`, `SLACK_*`, `SMTP_TIMEOUT_MS`).
    public var channels = ChannelSettings()
    /// How often a paused worker tries the credentials again (`PAUSE_PROBE_MS`).
    public var probeInterval: Duration = .seconds(5)
    /// How long tasks in flight get to finish after SIGTERM (`SHUTDOWN_GRACE_MS`); the rest are reclaimed later.
    public var shutdownGrace: Duration = .seconds(10)
    /// The reconciler's interval, window, recreation and budget share (`RECONCILE_*`).
    public var reconcile = ReconcileSettings()
    /// The history's bucket and the alert rules (`STATS_BUCKET_S`, `ALERT_*`).
    public var alerts = AlertSettings()
    /// How long PostgreSQL may take (`DATABASE_*_TIMEOUT_MS`).
    public var databaseTimeouts = DatabaseTimeouts()
    /// PostgreSQL connections (`DATABASE_POOL_SIZE`): claims, outcome batches and the relay.
    public var databaseConnections: Int = 6
    /// Redis connections (`REDIS_POOL_SIZE`) besides the dedicated one the blocking read holds.
    public var redisConnections: Int = 6
    /// Opens the stored credentials routes name (`TASKBRIDGE_SECRET_KEY`, and `TASKBRIDGE_PREVIOUS_SECRET_KEY`
    /// during a rotation); nil when unset: deliveries to stored credentials then wait, uncounted.
    public var sealer: CredentialSealer?

    /// The dispatch stream's key.
    public var streamName: String { "\(keyPrefix):dispatch" }
    /// The key the fleet's state is published under.
    public var fleetStateKey: String { "\(keyPrefix):fleet" }

    /// A configuration with defaults for everything but the servers and Trello.
    public init(databaseURL: String, redisURL: String, trello: TrelloSettings) {
        self.databaseURL = databaseURL
        self.redisURL = redisURL
        self.trello = trello
        self.worker = WorkerSettings()
        self.retry = RetryPolicy()
        self.limits = TrelloRateLimits()
    }

    /// Reads the configuration from the environment, recording every missing or malformed variable in `reader`.
    public init(reading reader: inout EnvironmentReader) {
        self.init(databaseURL: reader.databaseURL(), redisURL: reader.redisURL(), trello: TrelloSettings(reading: &reader))
        worker = WorkerSettings(reading: &reader)
        retry = RetryPolicy(reading: &reader)
        databaseTimeouts = DatabaseTimeouts(reading: &reader)
        limits = TrelloRateLimits(reading: &reader)
        reconcile = ReconcileSettings(reading: &reader)
        alerts = AlertSettings(reading: &reader)
        keyPrefix = reader.string("REDIS_KEY_PREFIX", default: keyPrefix)
        streamMaxLength = reader.integer("DISPATCH_STREAM_MAX_LENGTH", default: streamMaxLength, in: 10...Int.max)
        workerName = reader.string("WORKER_NAME", default: workerName)
        requestTimeout = reader.milliseconds("TRELLO_TIMEOUT_MS", default: requestTimeout, in: 100...300_000)
        settleTime = reader.milliseconds("TRELLO_SETTLE_MS", default: settle.settle, in: 100...3_600_000)
        reader.require(
            settle.settle >= requestTimeout,
            "TRELLO_SETTLE_MS must be at least TRELLO_TIMEOUT_MS: Trello may act on a request for as long as the client waits for it")
        relayInterval = reader.milliseconds("RELAY_INTERVAL_MS", default: relayInterval, in: 50...60_000)
        trelloActionInterval = reader.milliseconds(
            "TRELLO_ACTION_POLL_MS", default: trelloActionInterval, in: 10...60_000)
        callbacks = CallbackSettings(reading: &reader)
        channels = ChannelSettings(reading: &reader)
        probeInterval = reader.milliseconds("PAUSE_PROBE_MS", default: probeInterval, in: 100...600_000)
        shutdownGrace = reader.milliseconds("SHUTDOWN_GRACE_MS", default: shutdownGrace, in: 0...600_000)
        databaseConnections = reader.integer("DATABASE_POOL_SIZE", default: databaseConnections, in: 2...100)
        redisConnections = reader.integer("REDIS_POOL_SIZE", default: redisConnections, in: 2...100)
        let keys = SecretKeySettings(reading: &reader, required: false)
        sealer = keys.current.flatMap { try? CredentialSealer(current: $0, previous: keys.previous) }
        reader.require(
            requestTimeout * 2 <= worker.lease,
            "TRELLO_TIMEOUT_MS must be at most half of LEASE_SECONDS, so a card is made well within the lease")
    }

    /// `host-pid-random`: readable in `XINFO CONSUMERS` and unique even for two workers with the same pid.
    public static func defaultWorkerName() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "worker"
        return "\(host)-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }
}

extension WorkerConfiguration: CustomStringConvertible, CustomReflectable {
    /// The servers, the board and the worker's name, with the servers' passwords masked (the Trello key and
    /// token are never part of it), for logs.
    public var description: String {
        "WorkerConfiguration(database: \(RedactedServerURL.database(databaseURL)), "
            + "redis: \(RedactedServerURL.redis(redisURL)), board: \(trello.boardID), worker: \(workerName))"
    }

    /// `dump` shows the description only, so no password or token appears there either.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
