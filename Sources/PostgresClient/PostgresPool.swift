import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// A bounded pool of PostgreSQL connections, opened lazily, with its own thread pool for libpq's blocking calls.
///
/// Each connection has a thread of its own, so a slow statement never delays another. A connection that broke
/// (server restarted, network gone) is discarded, never reused, and an idle connection is checked before it is
/// handed out, so the first statement after a server restart runs on a fresh connection instead of failing.
/// While the server is down, calls fail fast with a `.connection` error. Call `shutdown()` when done (or run the
/// pool as a `Service`).
public final class PostgresPool: Sendable {
    /// Limits and timings of a pool.
    public struct Options: Sendable {
        /// At most this many connections are open at once (default 10).
        public var maxConnections: Int
        /// How long a caller waits for a free connection before a `.poolTimeout` error (default 10 s).
        public var acquireTimeout: Duration

        /// Makes options; every value has a default.
        public init(maxConnections: Int = 10, acquireTimeout: Duration = .seconds(10)) {
            precondition(maxConnections > 0, "a pool needs at least one connection")
            self.maxConnections = maxConnections
            self.acquireTimeout = acquireTimeout
        }
    }

    /// A snapshot of the pool's connections, for metrics and tests.
    public struct Statistics: Sendable {
        /// Open connections: idle, leased, and being opened.
        public var openConnections: Int
        /// Connections waiting in the pool for a caller.
        public var idleConnections: Int
        /// Callers waiting for a connection.
        public var waitingCallers: Int
        /// The most connections ever open at once.
        public var peakOpenConnections: Int
    }

    /// Where connections go.
    public let configuration: PostgresConfiguration
    /// The pool's limits.
    public let options: Options
    private let threadPool: NIOThreadPool
    private let state: NIOLockedValueBox<PostgresPoolState>
    private let logger: Logger

    /// Makes a pool; no connection is opened until one is needed.
    public init(configuration: PostgresConfiguration, options: Options = Options(), logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
        state = NIOLockedValueBox(PostgresPoolState(maxConnections: options.maxConnections))
        // One thread per connection, plus room for closing discarded connections while new ones open.
        threadPool = NIOThreadPool(numberOfThreads: options.maxConnections + 2)
        threadPool.start()
    }

    /// The pool's connections right now.
    public var statistics: Statistics {
        state.withLockedValue {
            Statistics(
                openConnections: $0.openCount, idleConnections: $0.idleCount, waitingCallers: $0.waiterCount,
                peakOpenConnections: $0.peakOpenCount
            )
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        let connection = try await acquire()
        defer { release(connection) }
        return try await connection.query(query)
    }

    /// Lends `body` a connection for several statements; it goes back to the pool when `body` returns or throws.
    /// Do not keep the connection beyond `body`. A connection left inside a transaction is discarded.
    public func withConnection<Value>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let connection = try await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    /// Runs `body` in a transaction: `BEGIN`, then `COMMIT` when it returns, `ROLLBACK` when it throws (the
    /// error is rethrown). A transaction whose statement failed cannot commit: that throws `.inFailedSQLTransaction`.
    /// The transaction runs under `limits`, by default the configuration's.
    public func withTransaction<Value>(
        limits: PostgresLimits? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        try await withConnection(isolation: isolation) { connection in
            try await connection.begin(limits: limits ?? configuration.limits)
            let value: Value
            do {
                value = try await body(connection)
            } catch {
                do {
                    try await connection.query("ROLLBACK")
                } catch let rollbackError {
                    // The connection is still in the transaction, so the pool discards it on release.
                    logger.warning("PostgreSQL rollback failed", metadata: ["error": "\(rollbackError)"])
                }
                throw error
            }
            let commit = try await connection.query("COMMIT")
            // COMMIT of a failed transaction succeeds and answers ROLLBACK: the work is lost, so say so.
            guard commit.commandTag == "COMMIT" else {
                throw PostgresError(
                    kind: .server,
                    code: .inFailedSQLTransaction,
                    message: "the transaction was rolled back at COMMIT because a statement in it had failed"
                )
            }
            return value
        }
    }

    /// Closes idle connections, fails waiting callers, waits for leased connections to come back and closes
    /// them, then stops the pool's threads. Later calls fail with `.poolClosed`.
    public func shutdown() async {
        let (idle, waiters) = state.withLockedValue { $0.close() }
        for waiter in waiters {
            waiter.resume(with: .failure(Self.closedError))
        }
        for connection in idle {
            await connection.close()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if !state.withLockedValue({ $0.waitUntilClosed(continuation) }) {
                continuation.resume()
            }
        }
        do {
            try await threadPool.shutdownGracefully()
        } catch {
            logger.debug("PostgreSQL pool threads already stopped", metadata: ["error": "\(error)"])
        }
    }

    /// Runs `body`, then shuts the pool down whether `body` returned or threw.
    public func shutDown<Value>(after body: () async throws -> Value) async throws -> Value {
        do {
            let value = try await body()
            await shutdown()
            return value
        } catch {
            await shutdown()
            throw error
        }
    }

    /// A live connection for one caller: a checked idle one, or a new one.
    private func acquire() async throws -> PostgresConnection {
        while true {
            switch try await lease() {
            case .idle(let connection):
                if connection.isAliveAfterIdle() { return connection }
                logger.notice("Discarding a dead idle PostgreSQL connection")
                release(connection)
            case .open:
                do {
                    return try await PostgresConnection.connect(
                        configuration: configuration, threadPool: threadPool, logger: logger
                    )
                } catch {
                    perform(state.withLockedValue { $0.openFailed() })
                    throw error
                }
            }
        }
    }

    /// A lease at once when one is free, else after waiting in line (bounded by the acquire timeout).
    private func lease() async throws -> PostgresPoolState.Lease {
        switch state.withLockedValue({ $0.lease() }) {
        case .lease(let lease): return lease
        case .closed: throw Self.closedError
        case .wait: break
        }
        let id = state.withLockedValue { $0.makeWaiterID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                switch state.withLockedValue({ $0.leaseOrWait(id: id, continuation: continuation) }) {
                case .lease(let lease):
                    continuation.resume(returning: lease)
                case .closed:
                    continuation.resume(throwing: Self.closedError)
                case .wait:
                    startTimer(forWaiter: id)
                    // A cancellation that came before the waiter was queued found nothing to cancel.
                    if Task.isCancelled { failWaiter(id: id, with: CancellationError()) }
                }
            }
        } onCancel: {
            failWaiter(id: id, with: CancellationError())
        }
    }

    private func startTimer(forWaiter id: Int) {
        let timeout = options.acquireTimeout
        let timer = Task { [self] in
            do {
                try await Task.sleep(for: timeout)
            } catch {
                return  // the waiter was served
            }
            let error = PostgresError(
                kind: .poolTimeout,
                message: "no PostgreSQL connection became free within \(timeout) "
                    + "(all \(options.maxConnections) in use)"
            )
            failWaiter(id: id, with: error)
        }
        if !state.withLockedValue({ $0.setTimer(timer, forWaiter: id) }) {
            timer.cancel()
        }
    }

    private func failWaiter(id: Int, with error: any Error) {
        state.withLockedValue { $0.removeWaiter(id: id) }?.resume(with: .failure(error))
    }

    /// Gives a leased connection back, closing it if it broke or is still inside a transaction.
    private func release(_ connection: PostgresConnection) {
        let reusable = connection.isReusable
        perform(state.withLockedValue { $0.release(connection, reusable: reusable) })
    }

    private func perform(_ actions: PostgresPoolState.Actions) {
        if let connection = actions.close {
            // submit runs the work inline when the pool's threads are already stopped.
            threadPool.submit { _ in connection.closeNow() }
        }
        if let (waiter, lease) = actions.grant {
            waiter.resume(with: .success(lease))
        }
        for continuation in actions.closeFinished {
            continuation.resume()
        }
    }

    private static let closedError = PostgresError(kind: .poolClosed, message: "the PostgreSQL pool is shut down")
}
