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
/// Cancelling the task of a command in flight interrupts it at once (its socket is shut down, and the next command
/// connects again), so a stalled server never holds a cancelled caller, a shutdown or a deadline for a whole
/// command timeout.
///
/// Connections from `RedisPool.makeDedicatedConnection()` or `init(configuration:logger:)` have a thread of their
/// own, so a `BLOCK` read there never takes a thread from the pool. Close them with `close()`.
///
/// `@unchecked Sendable` is safe: `context` and `isClosed` are only touched with `lock` held, and `lock` is only
/// taken on thread-pool threads (or where no command can be running), so one command at a time uses the hiredis
/// context; `inFlight` has its own lock and touches only a socket number, never the context.
public final class RedisConnection: RedisCommandRunner, @unchecked Sendable {
    /// The configuration the connection connects with.
    public let configuration: RedisConfiguration
    private let threadPool: NIOThreadPool
    private let ownsThreadPool: Bool
    private let logger: Logger
    private let lock = NIOLock()
    private var context: RedisContext?
    private var isClosed = false
    /// The socket of the command in flight, so `close()` can wake a blocking read by shutting it down.
    private let inFlight = NIOLockedValueBox<Int32?>(nil)

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
    /// command timeout (`.zero` waits forever); cancelling the task interrupts it like any command.
    ///
    /// The read holds this connection's thread for its whole duration: use a dedicated connection.
    public func sendBlocking(_ arguments: [RedisArgument], block: Duration) async throws -> RedisValue {
        precondition(!arguments.isEmpty, "a Redis command needs at least its name")
        let commandTimeout = configuration.commandTimeout
        let reply = try await run { context in
            context.setTimeout(block == .zero ? nil : block + commandTimeout)
            defer { context.setTimeout(commandTimeout) }
            return try context.command(arguments)
        }
        if case .error(let message) = reply {
            throw RedisError(.server, message)
        }
        return reply
    }

    /// Closes the connection, interrupting a blocking read in progress, and stops its own thread if it has one.
    public func close() async {
        inFlight.withLockedValue { socket in
            if let socket { _ = shutdown(socket, Int32(SHUT_RDWR)) }
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
    /// Cancelling the calling task shuts the socket down: the command in flight ends at once with a
    /// `CancellationError`, and the context is freed so the next command connects again.
    private func run<Result: Sendable>(_ body: @escaping @Sendable (RedisContext) throws -> Result) async throws -> Result {
        let interruption = CommandInterruption()
        do {
            return try await withTaskCancellationHandler {
                try await threadPool.runIfActive {
                    try self.lock.withLock {
                        guard !self.isClosed else { throw RedisError(.shutdown, "the connection is closed") }
                        let context = try self.liveContext()
                        try interruption.begin(on: context.socket)
                        do {
                            self.inFlight.withLockedValue { $0 = context.socket }
                            defer {
                                self.inFlight.withLockedValue { $0 = nil }
                                interruption.end()
                            }
                            let result = try body(context)
                            // A cancellation that came as the reply arrived still shut the socket down.
                            if interruption.isCancelled { self.forget(context) }
                            return result
                        } catch {
                            if interruption.isCancelled {
                                // The socket was shut down on purpose: nothing to warn about.
                                self.forget(context)
                                throw CancellationError()
                            }
                            if context.hasFailed {
                                self.drop(context, reason: (error as? RedisError)?.message ?? "\(error)")
                            }
                            throw error
                        }
                    }
                }
            } onCancel: {
                interruption.cancel()
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

    /// Frees a context whose socket a cancellation shut down, so the next command reconnects. Caller holds `lock`.
    private func forget(_ context: RedisContext) {
        context.close()
        self.context = nil
    }

    /// Frees a broken context so the next command reconnects. Caller holds `lock`.
    private func drop(_ context: RedisContext, reason: String) {
        logger.warning("Redis connection lost", metadata: ["redis.server": "\(configuration)", "error": "\(reason)"])
        forget(context)
    }

}

/// One command's cancellation: `cancel()` from any thread shuts down the socket the command is reading, or, when it
/// has not begun yet, makes `begin` throw.
private final class CommandInterruption: Sendable {
    private enum State {
        case idle
        case running(socket: Int32)
        case ended
        case cancelled
    }

    private let state = NIOLockedValueBox(State.idle)

    /// Whether the command was cancelled.
    var isCancelled: Bool {
        state.withLockedValue { if case .cancelled = $0 { true } else { false } }
    }

    /// Marks the command as reading `socket`; throws when it was cancelled already.
    func begin(on socket: Int32) throws {
        try state.withLockedValue { state in
            if case .cancelled = state { throw CancellationError() }
            state = .running(socket: socket)
        }
    }

    /// Marks the command as ended, so a late cancellation leaves the socket, perhaps already reused, alone.
    func end() {
        state.withLockedValue { state in
            if case .running = state { state = .ended }
        }
    }

    /// Interrupts the command: shutdown(2) wakes its blocked read or write; the lock keeps `end()`, and so the freeing
    /// of the socket, from happening meanwhile.
    func cancel() {
        state.withLockedValue { state in
            switch state {
            case .running(let socket):
                _ = shutdown(socket, Int32(SHUT_RDWR))
                state = .cancelled
            case .idle:
                state = .cancelled
            case .ended, .cancelled:
                break
            }
        }
    }
}
