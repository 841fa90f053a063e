import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresClient
import RedisClient
import ServiceLifecycle
import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport
import TrelloSandbox
import CurlClient
import TaskBridgeRuntime

/// One test's whole system: a database of its own (migrated, with an API token), a sandbox of its own over real
/// HTTP, Redis keys under a prefix of its own, the API in process, and workers started on demand.
struct WorkerWorld: Sendable {
    let databaseURL: String
    let redisURL: String
    /// The prefix of every Redis key this test's API and workers use.
    let keyPrefix: String
    let sandbox: SandboxControl
    let postgres: PostgresPool
    let redis: RedisPool
    let logger: Logger
    private let api: any TestClientProtocol
    private let token: String
    /// The URL of the API replica that listens on a socket (`webhooks: true`), also its public base URL.
    let apiBaseURL: String?

    /// Runs `body` in a fresh world on the given servers (the shared ones by default); `configure` adjusts the
    /// sandbox (its limits are off unless a test turns them on).
    static func with<Value: Sendable>(
        databaseServer: String = TestServices.databaseURL,
        redisURL: String = TestServices.redisURL,
        sandbox configure: (inout SandboxConfiguration) -> Void = { _ in },
        webhooks: Bool = false,
        _ body: @Sendable (WorkerWorld) async throws -> Value
    ) async throws -> Value {
        var sandboxConfiguration = SandboxConfiguration(port: 0, seed: UInt64.random(in: 1...UInt64.max), limits: .off)
        configure(&sandboxConfiguration)
        var logger = Logger(label: "worker-test")
        logger.logLevel = ProcessInfo.processInfo.environment["WORKER_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        let keyPrefix = "test-\(UUID().uuidString.lowercased().prefix(13))"
        let boardID = sandboxConfiguration.boardID
        let testLogger = logger
        return try await OwnDatabase.with(on: databaseServer) { databaseURL in
            let postgres = PostgresPool(configuration: try PostgresConfiguration(url: databaseURL), logger: logger)
            let redis = RedisPool(configuration: try RedisConfiguration(url: redisURL), logger: logger)
            let session = try HTTPSession(configuration: .init(timeout: .seconds(10)))
            let result: Result<Value, any Error>
            do {
                _ = try await Migrator(pool: postgres, folder: TestServices.migrationsFolder, logger: logger).migrate()
                let token = try await TokenStore(pool: postgres).create(name: "worker-test").secret
                var apiConfiguration = APIConfiguration(databaseURL: databaseURL, redisURL: redisURL)
                apiConfiguration.http.port = 0
                apiConfiguration.streamName = "\(keyPrefix):dispatch"
                apiConfiguration.fleetStateKey = "\(keyPrefix):fleet"
                apiConfiguration.enqueueRetryDelay = .milliseconds(50)
                let apiLogger = logger
                var sandboxLogger = logger
                sandboxLogger.logLevel = .critical
                /// Runs `body` with the public API, if any, at `apiBaseURL`.
                func run(apiBaseURL: String?) async throws -> Value {
                    var apiConfiguration = apiConfiguration
                    if let apiBaseURL {
                        apiConfiguration.http.port = Int(apiBaseURL.split(separator: ":").last!)!
                        apiConfiguration.trelloWebhook = TrelloWebhookSettings(
                            publicBaseURL: apiBaseURL, appSecret: Secret(sandboxConfiguration.webhooks.secret))
                        apiConfiguration.callbacks = Self.loopbackCallbacks
                    }
                    let app = try await buildApplication(configuration: apiConfiguration, logger: apiLogger)
                    let publicConfiguration = apiConfiguration
                    return try await buildSandbox(configuration: sandboxConfiguration, logger: sandboxLogger).test(.live) { sandboxClient in
                        let sandbox = SandboxControl(port: try #require(sandboxClient.port), boardID: boardID, session: session)
                        return try await app.test(.router) { api in
                            try await Self.serving(publicConfiguration, at: apiBaseURL, session: session, logger: apiLogger) {
                                try await body(WorkerWorld(
                                    databaseURL: databaseURL, redisURL: redisURL, keyPrefix: keyPrefix, sandbox: sandbox,
                                    postgres: postgres, redis: redis, logger: testLogger, api: api, token: token,
                                    apiBaseURL: apiBaseURL))
                            }
                        }
                    }
                }
                // Trello calls the API back over a socket, at the URL it signs: a port known before the API starts.
                // One that another test's server took between the pick and the bind is given up for another.
                var attempts = 1
                while true {
                    do {
                        result = .success(try await run(apiBaseURL: webhooks ? "http://127.0.0.1:\(FreePort.pick())" : nil))
                        break
                    } catch is PortTaken where attempts < 5 {
                        attempts += 1
                    }
                }
            } catch {
                result = .failure(error)
            }
            await session.shutdown()
            _ = try? await redis.send(["EVAL", "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0", "0", "\(keyPrefix):*"])
            await postgres.shutdown()
            await redis.shutdown()
            return try result.get()
        }
    }

    /// Runs `body` while a second API on the same servers listens at `baseURL` (a replica, as Trello's webhook and
    /// the sandbox reach it over a socket), or just runs it when there is none. HummingbirdTesting's live mode
    /// always picks its own port, and Trello signs the URL it calls, so the port must be known before the start.
    /// A server that cannot start ends the wait for it at once: with `PortTaken` when its port was taken.
    private static func serving<Value: Sendable>(
        _ configuration: APIConfiguration, at baseURL: String?, session: HTTPSession, logger: Logger,
        _ body: () async throws -> Value
    ) async throws -> Value {
        guard let baseURL else { return try await body() }
        let server = try await buildApplication(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Bool.self) { running in
            running.addTask {
                do {
                    try await group.run()
                } catch let error as IOError where error.errnoCode == EADDRINUSE {
                    throw PortTaken()
                }
                return false
            }
            running.addTask {
                try await eventually("the public API answers", timeout: .seconds(30)) {
                    let response = try? await session.execute(CurlClient.HTTPRequest(url: "\(baseURL)/healthz"))
                    return response?.status == 200
                }
                return true
            }
            let result: Result<Value, any Error>
            do {
                guard try await running.next() == true else { throw WorldError("the public API stopped before it answered") }
                result = .success(try await body())
            } catch {
                running.cancelAll()
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            do {
                try await running.waitForAll()
            } catch {
                // How the server stopped matters only when nothing failed before.
                if case .success = result { throw error }
            }
            return try result.get()
        }
    }

    /// The public API's port was taken by another server between the pick and the bind.
    private struct PortTaken: Error {}

    // MARK: The API

    /// `POST /v1/tasks` with `json` and any `headers` more; returns the new task's id.
    @discardableResult
    func submit(_ json: String, headers: HTTPFields = [:]) async throws -> UUID {
        var fields: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        fields.append(contentsOf: headers)
        let response = try await api.execute(uri: "/v1/tasks", method: .post, headers: fields, body: ByteBuffer(string: json))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        guard response.status == .accepted, let id = (object?["id"] as? String).flatMap(UUID.init(uuidString:)) else {
            throw WorldError("POST /v1/tasks answered \(response.status): \(String(buffer: response.body))")
        }
        return id
    }

    /// Callbacks to this machine, as the webhook tests' receivers need: plain http to loopback.
    static let loopbackCallbacks = CallbackPolicy(allowsHTTP: true, allowedNetworks: CallbackPolicy.networks(parsing: "127.0.0.0/8")!)

    /// `POST /v1/tasks` with `json`, whatever the answer: its status and body.
    func post(_ json: String) async throws -> (status: HTTPResponse.Status, body: String) {
        let answer = try await request(
            .post, "/v1/tasks", headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: json)
        return (answer.status, answer.body)
    }

    /// `GET /v1/tasks/{id}` as a JSON object.
    func fetch(_ id: UUID) async throws -> [String: Any] {
        let response = try await api.execute(
            uri: "/v1/tasks/\(id.uuidString.lowercased())", method: .get,
            headers: [.authorization: "Bearer \(token)"], body: nil)
        return (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// `GET /v1/tasks/{id}/events`: the timeline's items.
    func timeline(_ id: UUID) async throws -> [[String: Any]] {
        let response = try await api.execute(
            uri: "/v1/tasks/\(id.uuidString.lowercased())/events", method: .get,
            headers: [.authorization: "Bearer \(token)"], body: nil)
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return object?["items"] as? [[String: Any]] ?? []
    }

    /// Any request to the API, answered with its status, headers and body.
    func request(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        let response = try await api.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (response.status, response.headers, String(buffer: response.body))
    }

    /// `GET /readyz` as a JSON object.
    func readiness() async throws -> [String: Any] {
        let response = try await api.execute(uri: "/readyz", method: .get, headers: [:], body: nil)
        return (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    // MARK: PostgreSQL

    /// The task's row.
    func task(_ id: UUID) async throws -> TaskRecord {
        guard let record = try await TaskStore(pool: postgres).task(id: id) else { throw WorldError("no task \(id)") }
        return record
    }

    /// How many tasks are in each status.
    func statusCounts() async throws -> [TaskStatus: Int] {
        var counts: [TaskStatus: Int] = [:]
        for row in try await postgres.query("SELECT status, count(*)::int8 FROM tasks GROUP BY status") {
            let (status, count) = try row.decode((String, Int64).self)
            if let status = TaskStatus(rawValue: status) { counts[status] = Int(count) }
        }
        return counts
    }

    /// How many tasks have this status.
    func count(_ status: TaskStatus) async throws -> Int {
        try await statusCounts()[status] ?? 0
    }

    /// The events of one task, oldest first, as "from→to: detail".
    func events(_ id: UUID) async throws -> [String] {
        try await postgres.query("""
            SELECT coalesce(from_status, ''), to_status, coalesce(detail, '') FROM task_events
            WHERE task_id = \(id) ORDER BY id
            """).map { row in
            let (from, to, detail) = try row.decode((String, String, String).self)
            return "\(from)→\(to): \(detail)"
        }
    }

    // MARK: Workers

    /// A worker configuration for this world: fast timings, a budget far above what tests send (the sandbox's
    /// limits are off unless a test says otherwise).
    func workerConfiguration(name: String = "worker") -> WorkerConfiguration {
        var configuration = WorkerConfiguration(
            databaseURL: databaseURL, redisURL: redisURL,
            trello: TrelloSettings(
                baseURL: sandbox.baseURL, apiKey: Secret(Credentials.defaultKey),
                apiToken: Secret(Credentials.defaultToken), boardID: sandbox.boardID))
        configuration.keyPrefix = keyPrefix
        configuration.workerName = "\(name)-\(UUID().uuidString.lowercased().prefix(8))"
        configuration.worker = WorkerSettings(concurrency: 8, lease: .seconds(4))
        configuration.retry = RetryPolicy(base: .milliseconds(50), cap: .milliseconds(400), maxAttempts: 50)
        configuration.limits = TrelloRateLimits(tokenLimit: 1_000_000, keyLimit: 1_000_000, window: .milliseconds(100))
        configuration.requestTimeout = .seconds(2)
        configuration.settleTime = .seconds(8)
        configuration.relayInterval = .milliseconds(100)
        configuration.probeInterval = .milliseconds(200)
        configuration.shutdownGrace = .seconds(2)
        configuration.databaseConnections = 4
        configuration.redisConnections = 4
        return configuration
    }

    /// Runs `count` workers in process while `body` runs, then shuts them down gracefully and waits for them.
    func withWorkers<Value: Sendable>(
        _ count: Int = 1,
        _ configure: (inout WorkerConfiguration) -> Void = { _ in },
        _ body: () async throws -> Value
    ) async throws -> Value {
        var groups: [ServiceGroup] = []
        for index in 0..<count {
            var configuration = workerConfiguration(name: "worker\(index)")
            configure(&configuration)
            groups.append(try buildServiceGroup(configuration: configuration, logger: logger, gracefulShutdownSignals: []))
        }
        return try await withThrowingTaskGroup(of: Void.self) { running in
            for group in groups {
                running.addTask { try await group.run() }
            }
            let result: Result<Value, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            for group in groups {
                await group.triggerGracefulShutdown()
            }
            try await running.waitForAll()
            return try result.get()
        }
    }

    /// The environment that runs the `taskbridge-worker` executable in this world.
    func workerEnvironment(_ configuration: WorkerConfiguration) -> [String: String] {
        [
            "DATABASE_URL": configuration.databaseURL,
            "REDIS_URL": configuration.redisURL,
            "TRELLO_BASE_URL": configuration.trello.baseURL,
            "TRELLO_API_KEY": configuration.trello.apiKey.value,
            "TRELLO_API_TOKEN": configuration.trello.apiToken.value,
            "TRELLO_BOARD_ID": configuration.trello.boardID,
            "REDIS_KEY_PREFIX": configuration.keyPrefix,
            "DISPATCH_STREAM_MAX_LENGTH": "\(configuration.streamMaxLength)",
            "WORKER_NAME": configuration.workerName,
            "WORKER_CONCURRENCY": "\(configuration.worker.concurrency)",
            "LEASE_SECONDS": "\(configuration.worker.lease.components.seconds)",
            "RETRY_BASE_MS": "\(configuration.retry.base.wholeMilliseconds)",
            "RETRY_CAP_MS": "\(configuration.retry.cap.wholeMilliseconds)",
            "RETRY_MAX_ATTEMPTS": "\(configuration.retry.maxAttempts)",
            "RETRY_MAX_ELAPSED_MS": "\(configuration.retry.maxElapsed.wholeMilliseconds)",
            "RETRY_AFTER_CAP_MS": "\(configuration.retry.retryAfterCap.wholeMilliseconds)",
            "TRELLO_TOKEN_LIMIT": "\(configuration.limits.tokenLimit)",
            "TRELLO_KEY_LIMIT": "\(configuration.limits.keyLimit)",
            "TRELLO_LIMIT_WINDOW_MS": "\(configuration.limits.window.wholeMilliseconds)",
            "TRELLO_TIMEOUT_MS": "\(configuration.requestTimeout.wholeMilliseconds)",
            "TRELLO_SETTLE_MS": "\(configuration.settle.settle.wholeMilliseconds)",
            "RELAY_INTERVAL_MS": "\(configuration.relayInterval.wholeMilliseconds)",
            "PAUSE_PROBE_MS": "\(configuration.probeInterval.wholeMilliseconds)",
            "SHUTDOWN_GRACE_MS": "\(configuration.shutdownGrace.wholeMilliseconds)",
            "RECONCILE_INTERVAL_MS": "\(configuration.reconcile.interval.wholeMilliseconds)",
            "RECONCILE_WINDOW": DurationText.format(configuration.reconcile.window),
            "RECONCILE_RECREATE": "\(configuration.reconcile.recreate)",
            "RECONCILE_BUDGET_SHARE": "\(configuration.reconcile.budgetShare)",
            "DATABASE_POOL_SIZE": "\(configuration.databaseConnections)",
            "REDIS_POOL_SIZE": "\(configuration.redisConnections)",
            "LOG_LEVEL": ProcessInfo.processInfo.environment["WORKER_TEST_LOG_LEVEL"] ?? "error",
        ]
    }
}

/// Something in a test's world that did not go as the test needs.
struct WorldError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
