import CLibPQ
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// One PostgreSQL connection over libpq. Every libpq call runs on an `NIOThreadPool` thread, never on Swift's
/// cooperative pool. Use it from one task at a time (the pool hands it out that way).
///
/// `@unchecked Sendable`: the `PGconn` is only touched while `lock` is held, so even a misuse from two tasks at
/// once is serialised rather than a data race; the other stored properties are immutable.
public final class PostgresConnection: @unchecked Sendable {
    /// The libpq connection; nil once closed. Guarded by `lock`.
    private var handle: OpaquePointer?
    /// Set when a failure showed the connection can no longer be trusted. Guarded by `lock`.
    private var isBroken = false
    private let lock = NIOLock()
    private let threadPool: NIOThreadPool
    /// The statement timeout the client enforces; its transactions' limits are set by whoever begins them.
    private let limits: PostgresLimits
    /// The output settings and `limits` as the `set_config` query sent ahead of every lone statement, built once
    /// rather than per statement.
    private let localSettingsQuery: String
    let logger: Logger

    private init(handle: OpaquePointer, limits: PostgresLimits, threadPool: NIOThreadPool, logger: Logger) {
        self.handle = handle
        self.limits = limits
        self.localSettingsQuery = limits.localSettingsQuery
        self.threadPool = threadPool
        self.logger = logger
        // Notices (e.g. "table already exists, skipping", or the FATAL a server sends before it closes an idle
        // connection) would go to stderr; they go to the logger instead. `self` outlives the PGconn.
        PQsetNoticeProcessor(handle, { context, message in
            guard let context, let message else { return }
            let connection = Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue()
            let text = String(cString: message).libpqMessage
            connection.logger.debug("PostgreSQL notice", metadata: ["postgres.notice": "\(text)"])
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        // Only reached without `close()`; freeing here keeps the handle from leaking.
        if let handle { PQfinish(handle) }
    }

    /// Opens a connection; a server that is down or refuses fails at once, an unreachable host after the
    /// configuration's connect timeout.
    public static func connect(
        configuration: PostgresConfiguration,
        threadPool: NIOThreadPool = .singleton,
        logger: Logger
    ) async throws -> PostgresConnection {
        let connection = try await threadPool.runIfActive {
            try PostgresConnection(
                handle: open(configuration), limits: configuration.limits, threadPool: threadPool, logger: logger)
        }
        logger.debug(
            "PostgreSQL connection opened",
            metadata: ["postgres.host": "\(configuration.host ?? "default")", "postgres.database": "\(configuration.database ?? "default")"]
        )
        return connection
    }

    /// Runs one statement (binds as `$n` parameters) and returns its rows. Past the configuration's statement
    /// timeout, or when the calling task is cancelled, the statement is cancelled on the server and the call throws.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        if let bind = query.binds.firstBindWithNUL {
            throw PostgresError(kind: .encoding, message: "bind $\(bind) contains a NUL byte, which PostgreSQL text cannot hold")
        }
        guard query.bindCount <= Int(UInt16.max) else {
            throw PostgresError(kind: .encoding, message: "\(query.bindCount) binds are more than PostgreSQL's 65535")
        }
        let sql = query.sql
        return try await run { handle in
            query.binds.withCStrings { values in
                sql.withCString { PQsendQueryParams(handle, $0, Int32(values.count), nil, values, nil, nil, 0) }
            }
        }
    }

    /// Runs a script of one or more statements without binds (e.g. a migration) and returns the last one's rows.
    /// The caller vouches that no untrusted text is in it.
    @discardableResult
    public func execute(unsafeSQL sql: String) async throws -> PostgresRows {
        try await run(script: true) { handle in sql.withCString { PQsendQuery(handle, $0) } }
    }

    /// Starts a transaction whose statements run under `limits` (`BEGIN` and its `SET LOCAL`s in one round trip).
    public func begin(limits: PostgresLimits) async throws {
        try await execute(unsafeSQL: limits.beginScript)
    }

    /// Closes the connection; later calls fail with a connection error. Calling it twice is harmless.
    public func close() async {
        do {
            try await threadPool.runIfActive { self.closeNow() }
        } catch {
            // The pool is stopped or the task cancelled: PQfinish only sends a goodbye, so do it here.
            closeNow()
        }
    }

    /// Closes the connection on the calling thread.
    func closeNow() {
        if lock.withLock({ closeLocked() }) { logger.debug("PostgreSQL connection closed") }
    }

    /// Frees the PGconn (closing its socket); returns whether it was open. Called with `lock` held.
    @discardableResult
    private func closeLocked() -> Bool {
        guard let handle else { return false }
        PQfinish(handle)
        self.handle = nil
        return true
    }

    /// Whether the connection is open, unbroken, and outside a transaction: fit to go back to a pool.
    var isReusable: Bool {
        lock.withLock { isReusableLocked }
    }

    private var isReusableLocked: Bool {
        guard let handle, !isBroken else { return false }
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Whether an idle connection still works: a server that restarted or ended the session has sent a FATAL
    /// message and closed the socket, which a non-blocking read sees without sending anything.
    func isAliveAfterIdle() -> Bool {
        lock.withLock {
            guard isReusableLocked, let handle else { return false }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            // Each round consumes what arrived; a closed socket shows as EOF within a round or two.
            for _ in 0..<4 {
                guard poll(&descriptor, 1, 0) > 0 else { break }
                if descriptor.revents & Int16(POLLERR | POLLNVAL) != 0 || PQconsumeInput(handle) == 0
                    || PQstatus(handle) != CONNECTION_OK
                {
                    isBroken = true
                    return false
                }
            }
            return true
        }
    }

    /// Runs one libpq send on the thread pool, waits for its results there, and turns them into rows or an error.
    private func run(
        script: Bool = false, _ send: @escaping @Sendable (OpaquePointer) -> Int32
    ) async throws -> PostgresRows {
        // A little past the server's own statement_timeout, so that the server's cleaner cancellation (the
        // connection stays usable) comes first wherever it applies.
        let deadline = limits.statementTimeout.map { ContinuousClock.now + $0 + Self.clientDeadlineMargin }
        let cancellation = NIOLockedValueBox(false)
        return try await withTaskCancellationHandler {
            try await threadPool.runIfActive {
                try self.lock.withLock {
                    guard let handle = self.handle else {
                        throw PostgresError(kind: .connection, message: "the connection is closed")
                    }
                    var exchange = Exchange(deadline: deadline, cancellation: cancellation)
                    defer { self.settle(exchange) }
                    return try self.exchange(on: handle, script: script, send: send, state: &exchange)
                }
            }
        } onCancel: {
            cancellation.withLockedValue { $0 = true }
        }
    }

    /// Sends and reads the answer. A statement outside a transaction also gets the output settings and the
    /// server-side limits: libpq's pipeline mode sends their `set_config` in the same round trip, so both run in
    /// one implicit transaction.
    /// Called with `lock` held.
    private func exchange(
        on handle: OpaquePointer, script: Bool, send: (OpaquePointer) -> Int32, state: inout Exchange
    ) throws -> PostgresRows {
        let settings = script || PQtransactionStatus(handle) != PQTRANS_IDLE ? nil : localSettingsQuery
        if let settings {
            guard PQenterPipelineMode(handle) == 1,
                settings.withCString({ PQsendQueryParams(handle, $0, 0, nil, nil, nil, nil, 0) }) == 1
            else { throw sendFailure(handle) }
        }
        guard send(handle) == 1 else { throw sendFailure(handle) }
        var answer: OpaquePointer?
        if settings != nil {
            guard PQpipelineSync(handle) == 1 else { throw sendFailure(handle) }
            let settingsResult = try collect(handle, state: &state)
            answer = try collect(handle, state: &state)
            try awaitResult(handle, state: &state)
            PQclear(PQgetResult(handle))  // the pipeline's sync
            if PQexitPipelineMode(handle) != 1 { isBroken = true }
            // If the settings failed, the statement was skipped: the settings' error is the answer.
            if let settingsResult, !Self.succeeded(settingsResult) {
                PQclear(answer)
                answer = settingsResult
            } else {
                PQclear(settingsResult)
            }
        } else {
            answer = try collect(handle, state: &state)
        }
        defer { PQclear(answer) }
        do throws(PostgresError) {
            return try PostgresRows(result: answer, connection: handle)
        } catch {
            if let cancelled = state.cancelled { throw interruption(byCaller: cancelled.byCaller) }
            // A statement that left the connection busy (e.g. COPY, which this client does not speak) or a dead
            // socket makes it unfit for another statement.
            if PQstatus(handle) != CONNECTION_OK || PQtransactionStatus(handle) == PQTRANS_ACTIVE || error.isConnectionLost {
                isBroken = true
                logger.warning("PostgreSQL connection lost", metadata: ["error": "\(error)"])
            }
            throw error
        }
    }

    /// Reads one statement's results up to libpq's end marker; a script yields one per statement and stops at its
    /// first error, so the last result is the answer.
    private func collect(_ handle: OpaquePointer, state: inout Exchange) throws -> OpaquePointer? {
        var last: OpaquePointer?
        while true {
            try awaitResult(handle, state: &state)
            guard let result = PQgetResult(handle) else { return last }
            PQclear(last)
            last = result
        }
    }

    /// Waits in short polls until libpq can hand over a result without blocking, so that a deadline or a
    /// cancelled caller is noticed while the server is still working: the statement is then cancelled on the
    /// server and the connection, whose next statement a late cancel request could hit, is marked for discarding.
    private func awaitResult(_ handle: OpaquePointer, state: inout Exchange) throws {
        while PQconsumeInput(handle) == 1, PQisBusy(handle) == 1 {
            // A failed read ends the loop too: PQgetResult then reports the lost connection.
            let now = ContinuousClock.now
            if let cancelled = state.cancelled {
                guard now - cancelled.at < Self.cancelGrace else {
                    // The server acknowledged neither the statement nor the cancel: it is stalled. Let go.
                    closeLocked()
                    throw interruption(byCaller: cancelled.byCaller)
                }
            } else if let byCaller = state.isDue(at: now) {
                isBroken = true
                state.cancelled = (now, byCaller, requestCancel(handle))
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Self.pollSlice)
        }
    }

    /// libpq's reason a send failed; a connection that broke is marked for discarding.
    private func sendFailure(_ handle: OpaquePointer) -> PostgresError {
        if PQstatus(handle) != CONNECTION_OK { isBroken = true }
        return PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)).libpqMessage)
    }

    /// Whether a result reports success.
    private static func succeeded(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
    }

    /// Asks the server, over a connection of its own, to cancel what `handle` runs. PQcancel blocks until the
    /// server has taken the request, so it runs on another of the pool's threads; the returned lock turns true
    /// when it has.
    private func requestCancel(_ handle: OpaquePointer) -> ConditionLock<Bool> {
        let sent = ConditionLock(value: false)
        guard let cancel = PQgetCancel(handle) else { return ConditionLock(value: true) }
        let request = UnsafeCancel(pointer: cancel)
        threadPool.submit { _ in
            var reason = [CChar](repeating: 0, count: 256)
            _ = PQcancel(request.pointer, &reason, Int32(reason.count))
            PQfreeCancel(request.pointer)
            sent.lock()
            sent.unlock(withValue: true)
        }
        return sent
    }

    /// Waits (bounded) until a cancel request that went out has reached the server. The server ignores a cancel
    /// that finds the session idle, so once this returns no later statement on this connection can be hit by it.
    private func settle(_ state: Exchange) {
        guard let cancelled = state.cancelled else { return }
        if cancelled.sent.lock(whenValue: true, timeoutSeconds: Self.cancelGraceSeconds) {
            cancelled.sent.unlock()
        }
    }

    /// What a cancelled exchange throws: the caller's own cancellation, or the statement timeout.
    private func interruption(byCaller: Bool) -> any Error {
        if byCaller { return CancellationError() }
        let limit = limits.statementTimeout ?? .zero
        return PostgresError(kind: .timeout, message: "the statement ran past its \(limit) limit and was cancelled")
    }

    /// How long a poll waits before the deadline and the caller's cancellation are looked at again.
    private static let pollSlice: Int32 = 50
    /// How far past the statement timeout the client cancels a statement itself.
    private static let clientDeadlineMargin: Duration = .milliseconds(500)
    /// How long a cancelled statement may take to end before the connection is closed under it.
    private static let cancelGraceSeconds = 2.0
    private static let cancelGrace: Duration = .seconds(cancelGraceSeconds)

    /// Opens a libpq connection, or throws libpq's reason; the PGconn is freed on failure.
    private static func open(_ configuration: PostgresConfiguration) throws -> OpaquePointer {
        let parameters = configuration.libpqParameters
        var copies: [UnsafeMutablePointer<CChar>] = []
        defer { copies.forEach { free($0) } }
        func copy(_ text: String) -> UnsafePointer<CChar>? {
            guard let pointer = strdup(text) else { return nil }
            copies.append(pointer)
            return UnsafePointer(pointer)
        }
        let keywords = parameters.map { copy($0.keyword) } + [nil]
        let values = parameters.map { copy($0.value) } + [nil]
        // expand_dbname 0: a database name is only ever a name, never a second connection string.
        guard let handle = PQconnectdbParams(keywords, values, 0) else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).libpqMessage
            PQfinish(handle)
            throw PostgresError(kind: .connection, message: message)
        }
        return handle
    }
}

/// A `PGcancel` handed to the thread that sends the cancel request and then frees it; nothing else touches it.
private struct UnsafeCancel: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// One exchange's progress: when it must end, and whether it was cancelled.
private struct Exchange {
    /// When the client cancels the statement itself; nil: never.
    let deadline: ContinuousClock.Instant?
    /// Set when the calling task is cancelled.
    let cancellation: NIOLockedValueBox<Bool>
    /// When a cancel request went out, and whether the caller's cancellation (not the deadline) sent it.
    var cancelled: (at: ContinuousClock.Instant, byCaller: Bool, sent: ConditionLock<Bool>)?

    /// Whether the statement must be cancelled now: nil if not, else whether it is the caller's doing.
    func isDue(at now: ContinuousClock.Instant) -> Bool? {
        if cancellation.withLockedValue({ $0 }) { return true }
        if let deadline, now >= deadline { return false }
        return nil
    }
}
