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
    let logger: Logger

    private init(handle: OpaquePointer, threadPool: NIOThreadPool, logger: Logger) {
        self.handle = handle
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
            try PostgresConnection(handle: open(configuration), threadPool: threadPool, logger: logger)
        }
        logger.debug(
            "PostgreSQL connection opened",
            metadata: ["postgres.host": "\(configuration.host ?? "default")", "postgres.database": "\(configuration.database ?? "default")"]
        )
        return connection
    }

    /// Runs one statement (binds as `$n` parameters) and returns its rows.
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
                sql.withCString { PQexecParams(handle, $0, Int32(values.count), nil, values, nil, nil, 0) }
            }
        }
    }

    /// Runs a script of one or more statements without binds (e.g. a migration) and returns the last one's rows.
    /// The caller vouches that no untrusted text is in it.
    @discardableResult
    public func execute(unsafeSQL sql: String) async throws -> PostgresRows {
        try await run { handle in sql.withCString { PQexec(handle, $0) } }
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
        let closed = lock.withLock {
            guard let handle else { return false }
            PQfinish(handle)
            self.handle = nil
            return true
        }
        if closed { logger.debug("PostgreSQL connection closed") }
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

    /// Runs one libpq execution on the thread pool and turns its result into rows or an error.
    private func run(
        _ execute: @escaping @Sendable (OpaquePointer) -> OpaquePointer?
    ) async throws -> PostgresRows {
        try await threadPool.runIfActive {
            try self.lock.withLock {
                guard let handle = self.handle else {
                    throw PostgresError(kind: .connection, message: "the connection is closed")
                }
                let result = execute(handle)
                defer { PQclear(result) }
                do throws(PostgresError) {
                    return try PostgresRows(result: result, connection: handle)
                } catch {
                    // A statement that left the connection busy (e.g. COPY, which this client does not speak) or a
                    // dead socket makes it unfit for another statement.
                    if PQstatus(handle) != CONNECTION_OK || PQtransactionStatus(handle) == PQTRANS_ACTIVE
                        || error.isConnectionLost
                    {
                        self.isBroken = true
                        self.logger.warning("PostgreSQL connection lost", metadata: ["error": "\(error)"])
                    }
                    throw error
                }
            }
        }
    }

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
