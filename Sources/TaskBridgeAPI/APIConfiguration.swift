import TaskBridgeCore
import TaskBridgeRuntime

/// Everything `buildApplication` needs: where to listen, the servers, and the write path's knobs, each with a
/// named default.
public struct APIConfiguration: Sendable {
    /// Where the API listens (`HTTP_HOST`, `HTTP_PORT`).
    public var http: HTTPSettings
    /// How long one request may take before the client gets a 503 (`REQUEST_TIMEOUT_MS`).
    public var requestTimeout: Duration = .seconds(5)
    /// How long a connection may sit without a complete request head: idle keep-alive, or a head still coming
    /// (`HTTP_IDLE_TIMEOUT_MS`). Then the server closes it.
    public var idleTimeout: Duration = .seconds(15)
    /// How long a request's body may take to arrive once its head has (`HTTP_BODY_TIMEOUT_MS`).
    public var bodyTimeout: Duration = .seconds(15)
    /// The most connections open at once (`HTTP_MAX_CONNECTIONS`); further clients wait to be accepted.
    public var maxConnections: Int = 1024
    /// PostgreSQL (`DATABASE_URL`).
    public var databaseURL: String
    /// Redis (`REDIS_URL`).
    public var redisURL: String
    /// How long PostgreSQL may take (`DATABASE_*_TIMEOUT_MS`).
    public var databaseTimeouts = DatabaseTimeouts()
    /// PostgreSQL connections the API may open (`DATABASE_POOL_SIZE`): the insert flushes, token lookups and reads.
    public var databaseConnections: Int = 12
    /// Redis connections the API may open (`REDIS_POOL_SIZE`).
    public var redisConnections: Int = 4
    /// The most new tasks one transaction writes (`INSERT_BATCH_MAX`).
    public var maxInsertBatch: Int = 512
    /// How many insert transactions may be in flight at once, each on its own connection (`INSERT_CONCURRENCY`).
    public var maxConcurrentInserts: Int = 4
    /// How long a verified token is trusted without asking PostgreSQL again (`TOKEN_CACHE_TTL_MS`): the longest a
    /// token revoked by another process (the CLI) keeps working here. Revoking through this process's own
    /// `TokenAuthenticator` takes effect at once.
    public var tokenCacheTTL: Duration = .seconds(1)
    /// After a failed enqueue, how long new tasks skip Redis (and are left to the relay) before it is tried again.
    public var enqueueRetryDelay: Duration = .milliseconds(500)
    /// The dispatch stream's key: `{REDIS_KEY_PREFIX}:dispatch`, as the workers read it.
    public var streamName: String = DispatchStream.defaultName
    /// The workers' consumer group.
    public var streamGroup: String = DispatchStream.defaultGroup
    /// The approximate length every add trims the stream to (`DISPATCH_STREAM_MAX_LENGTH`, as the workers read it).
    public var streamMaxLength: Int = DispatchStream.defaultMaxLength
    /// Prefix of the bridge's Redis keys (`REDIS_KEY_PREFIX`), as the workers use it: the history's buckets are
    /// `{prefix}:stats:…`.
    public var keyPrefix: String = "taskbridge"
    /// The Redis key the workers publish the fleet's state under: `{REDIS_KEY_PREFIX}:fleet`.
    public var fleetStateKey: String = FleetState.key
    /// The Trello webhook receiver's public URL and secret (`PUBLIC_BASE_URL`, `TRELLO_APP_SECRET`); nil: no receiver.
    public var trelloWebhook: TrelloWebhookSettings?
    /// Where tasks' `callback_url` may point (`CALLBACK_ALLOW_HTTP`, `CALLBACK_ALLOWED_NETWORKS`).
    public var callbacks = CallbackPolicy()
    /// Seals credentials added through `POST /v1/admin/credentials` (`TASKBRIDGE_SECRET_KEY`, and
    /// `TASKBRIDGE_PREVIOUS_SECRET_KEY` during a rotation); nil when unset, and then only the CLI adds them.
    public var credentialSealer: CredentialSealer?
    /// The metrics `/metrics` serves; `@main` shares its registry with swift-metrics.
    public var metrics: APIMetrics = APIMetrics()
    /// Whether the replica is draining, as `/accepting` reports it; `@main`'s `DrainService` sets it on SIGTERM.
    public var drain = DrainState()
    /// How long, after SIGTERM, the API keeps serving with `/accepting` failing before it stops accepting
    /// connections (`HTTP_DRAIN_MS`): longer than the load balancer takes to see the failed check.
    public var drainPeriod: Duration = .seconds(5)

    /// A configuration with defaults for everything but the servers.
    public init(http: HTTPSettings = HTTPSettings(), databaseURL: String, redisURL: String) {
        self.http = http
        self.databaseURL = databaseURL
        self.redisURL = redisURL
    }

    /// Reads the configuration from the environment, recording every missing or malformed variable in `reader`.
    public init(reading reader: inout EnvironmentReader) {
        self.init(http: HTTPSettings(reading: &reader), databaseURL: reader.databaseURL(), redisURL: reader.redisURL())
        databaseTimeouts = DatabaseTimeouts(reading: &reader)
        requestTimeout = reader.milliseconds("REQUEST_TIMEOUT_MS", default: requestTimeout, in: 100...600_000)
        idleTimeout = reader.milliseconds("HTTP_IDLE_TIMEOUT_MS", default: idleTimeout, in: 100...3_600_000)
        bodyTimeout = reader.milliseconds("HTTP_BODY_TIMEOUT_MS", default: bodyTimeout, in: 100...3_600_000)
        maxConnections = reader.integer("HTTP_MAX_CONNECTIONS", default: maxConnections, in: 1...1_000_000)
        databaseConnections = reader.integer("DATABASE_POOL_SIZE", default: databaseConnections, in: 2...200)
        redisConnections = reader.integer("REDIS_POOL_SIZE", default: redisConnections, in: 1...64)
        maxInsertBatch = reader.integer("INSERT_BATCH_MAX", default: maxInsertBatch, in: 1...5000)
        maxConcurrentInserts = reader.integer("INSERT_CONCURRENCY", default: maxConcurrentInserts, in: 1...64)
        tokenCacheTTL = reader.milliseconds("TOKEN_CACHE_TTL_MS", default: tokenCacheTTL, in: 0...60_000)
        // Below the 25 s the process gives itself after SIGTERM, so requests in flight still get time to finish.
        drainPeriod = reader.milliseconds("HTTP_DRAIN_MS", default: drainPeriod, in: 0...15_000)
        // The same prefix as the workers', so both sides name the same stream and fleet state.
        let keyPrefix = reader.string("REDIS_KEY_PREFIX", default: "taskbridge")
        streamName = "\(keyPrefix):dispatch"
        streamMaxLength = reader.integer("DISPATCH_STREAM_MAX_LENGTH", default: streamMaxLength, in: 10...Int.max)
        fleetStateKey = "\(keyPrefix):fleet"
        self.keyPrefix = keyPrefix
        // The workers' bucket length, so both sides add to the same hashes.
        let bucketSeconds = reader.integer("STATS_BUCKET_S", default: 60, in: 1...3600)
        metrics = APIMetrics(history: StatsTally(bucketSeconds: bucketSeconds))
        trelloWebhook = TrelloWebhookSettings.read(from: &reader)
        callbacks = reader.callbackPolicy()
        let keys = SecretKeySettings(reading: &reader, required: false)
        if let current = keys.current {
            credentialSealer = try? CredentialSealer(current: current, previous: keys.previous)
        }
        reader.require(
            maxConcurrentInserts < databaseConnections,
            "INSERT_CONCURRENCY must be below DATABASE_POOL_SIZE, so reads and token checks still get a connection")
    }
}

extension APIConfiguration: CustomStringConvertible, CustomReflectable {
    /// The servers and the limits, with the servers' passwords masked, for logs.
    public var description: String {
        "APIConfiguration(http: \(http.host):\(http.port), database: \(RedactedServerURL.database(databaseURL)), "
            + "redis: \(RedactedServerURL.redis(redisURL)), requestTimeout: \(requestTimeout))"
    }

    /// `dump` shows the description only, so the URLs' passwords never appear there either.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
