import Logging
import NIOConcurrencyHelpers
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to Redis, used by one command at a time, that reconnects by itself after it broke.
///
/// Commands block inside hiredis, so they run on an `NIOThreadPool`, never on Swift's cooperative threads.
/// A connection whose socket failed (I/O error, EOF, timeout) or went stale while idle (server restarted) is
/// freed at once, and the next command connects again: while Redis is down, every call fails fast with a
/// `.connection` error after at most `connectTimeout`.
///
/// Connections from `RedisPool.makeDedicatedConnection()` or `init(configuration:logger:)` have a thread of their
/// own, so a `BLOCK` read there never takes a thread from the pool. Close them with `close()`.
///
/// `@unchecked Sendable` is safe: `context` and `isClosed` are only touched with `lock` held, and `lock` is only
/// taken on thread-pool threads (or where no command can be running), so one command at a time uses the hiredis
/// context; `blockingRead` has its own lock and touches only a socket number, never the context.
public final class RedisConnection: RedisCommandRunner, @unchecked Sendable {
    /// The configuration the connection connects with.
    public let configuration: RedisConfiguration
    private let threadPool: NIOThreadPool
    private let ownsThreadPool: Bool
    private let logger: Logger
    private let lock = NIOLock()
    private var context: RedisContext?
    private var isClosed = false
    private let blockingRead = NIOLockedValueBox(BlockingRead.idle)

    /// Where an interruptible read stands, so a cancellation can wake it by shutting its socket down.
    private enum BlockingRead {
        case idle
        case reading(socket: Int32)
        case cancelled
    }

    /// A connection with a thread of its own; it connects on its first command.
    public convenience init(configuration: RedisConfiguration, logger: Logger) {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        self.init(configuration: configuration, threadPool: threadPool, ownsThreadPool: true, logger: logger)
    }

    /// A connection that runs its commands on a pool's threads.
    init(configuration: RedisConfiguration, threadPool: NIOThreadPool, ownsThreadPool: Bool, logger: Logger) {
        self.configuration = configuration
        self.threadPool = threadPool
        self.ownsThreadPool = ownsThreadPool
        self.logger = logger
    }

    deinit {
        // The context frees itself; a dedicated connection that was never closed still must not leak its thread.
        if ownsThreadPool {
            threadPool.shutdownGracefully { _ in }
        }
    }

    /// Sends one command; an error reply throws a `.server` error carrying the server's message.
    public func send(_ arguments: [RedisArgument]) async throws -> RedisValue {
        precondition(!arguments.isEmpty, "a Redis command needs at least its name")
        let reply = try await run { context in try self.leavingADemotedMaster(context, context.command(arguments)) }
        if case .error(let message) = reply {
            throw RedisError(.server, message)
        }
        return reply
    }

    /// Sends every command in one write and reads every reply in order; error replies are `.error` values.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        precondition(commands.allSatisfy { !$0.isEmpty }, "a Redis command needs at least its name")
        guard !commands.isEmpty else { return [] }
        return try await run { context in
            let replies = try context.pipeline(commands)
            for reply in replies { _ = self.leavingADemotedMaster(context, reply) }
            return replies
        }
    }

    /// Sends a command that blocks on the server (e.g. `XREADGROUP ... BLOCK`), allowing `block` on top of the
    /// command timeout (`.zero` waits forever); cancelling the task interrupts the read and drops the socket.
    ///
    /// The read holds this connection's thread for its whole duration: use a dedicated connection.
    public func sendBlocking(_ arguments: [RedisArgument], block: Duration) async throws -> RedisValue {
        precondition(!arguments.isEmpty, "a Redis command needs at least its name")
        blockingRead.withLockedValue { $0 = .idle }
        let commandTimeout = configuration.commandTimeout
        let reply = try await withTaskCancellationHandler {
            try await run { context in
                try self.beginBlockingRead(on: context)
                defer { self.endBlockingRead() }
                context.setTimeout(block == .zero ? nil : block + commandTimeout)
                defer { context.setTimeout(commandTimeout) }
                do {
                    return try context.command(arguments)
                } catch {
                    if case .cancelled = self.blockingRead.withLockedValue({ $0 }) { throw CancellationError() }
                    throw error
                }
            }
        } onCancel: {
            blockingRead.withLockedValue { state in
                // shutdown(2) wakes the blocked read(2) with EOF; the lock keeps the socket from being freed meanwhile.
                if case .reading(let socket) = state {
                    _ = shutdown(socket, Int32(SHUT_RDWR))
                }
                state = .cancelled
            }
        }
        if case .error(let message) = reply {
            throw RedisError(.server, message)
        }
        return reply
    }

    /// Closes the connection, interrupting a blocking read in progress, and stops its own thread if it has one.
    public func close() async {
        blockingRead.withLockedValue { state in
            if case .reading(let socket) = state {
                _ = shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        do {
            try await threadPool.runIfActive { self.discard() }
        } catch {
            // The pool's threads are gone, so no command can be running: closing here cannot wait.
            discard()
        }
        if ownsThreadPool {
            try? await threadPool.shutdownGracefully()
        }
    }

    /// Closes the socket at once; only for a connection no command is using (so `lock` is free).
    func discard() {
        lock.withLock {
            isClosed = true
            context?.close()
            context = nil
        }
    }

    /// Runs `body` with a live context on the thread pool, connecting first when there is none or it went stale.
    private func run<Result: Sendable>(_ body: @escaping @Sendable (RedisContext) throws -> Result) async throws -> Result {
        do {
            return try await threadPool.runIfActive {
                try self.lock.withLock {
                    guard !self.isClosed else { throw RedisError(.shutdown, "the connection is closed") }
                    let context = try self.liveContext()
                    do {
                        return try body(context)
                    } catch {
                        if context.hasFailed {
                            if let error = error as? RedisError {
                                self.drop(context, reason: error.message)
                            } else {
                                // A cancelled blocking read: the socket was shut down on purpose.
                                context.close()
                                self.context = nil
                            }
                        }
                        throw error
                    }
                }
            }
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw RedisError(.shutdown, "the connection is closed")
        } catch is CancellationError where !Task.isCancelled {
            // A stopped NIOThreadPool cancels work it is given instead of running it.
            throw RedisError(.shutdown, "the connection is closed")
        }
    }

    /// The current context, or a new one when there is none or the server closed the old one. Caller holds `lock`.
    private func liveContext() throws(RedisError) -> RedisContext {
        if let context {
            guard context.isStale else { return context }
            drop(context, reason: "the server closed the connection while it was idle")
        }
        do {
            let context = try RedisContext.connect(configuration)
            self.context = context
            logger.debug("Connected to Redis", metadata: ["redis.server": "\(configuration)"])
            return context
        } catch {
            logger.debug("Cannot connect to Redis", metadata: ["redis.server": "\(configuration)", "error": "\(error.message)"])
            throw error
        }
    }

    /// Returns `reply`; a `READONLY` error means the server was a master and is now a replica (a Sentinel
    /// failover), so the context is dropped and the next command asks the Sentinels again. Caller holds `lock`.
    private func leavingADemotedMaster(_ context: RedisContext, _ reply: RedisValue) -> RedisValue {
        if let message = reply.errorMessage, message.hasPrefix("READONLY"), self.context === context {
            drop(context, reason: message)
        }
        return reply
    }

    /// Frees a broken context so the next command reconnects. Caller holds `lock`.
    private func drop(_ context: RedisContext, reason: String) {
        logger.warning("Redis connection lost", metadata: ["redis.server": "\(configuration)", "error": "\(reason)"])
        context.close()
        self.context = nil
    }

    private func beginBlockingRead(on context: RedisContext) throws {
        try blockingRead.withLockedValue { state in
            if case .cancelled = state { throw CancellationError() }
            state = .reading(socket: context.socket)
        }
    }

    private func endBlockingRead() {
        blockingRead.withLockedValue { state in
            if case .reading = state { state = .idle }
        }
    }
}
