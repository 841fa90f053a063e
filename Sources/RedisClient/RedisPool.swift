import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// A bounded set of Redis connections shared by concurrent callers, with threads of its own for their commands.
///
/// Connections open lazily, on the first command that needs one, up to `maximumConnections`; a caller that finds
/// them all busy waits up to `connectionWaitTimeout`. A connection that broke reconnects on its next command, so
/// the pool recovers by itself after Redis restarts; while Redis is down, calls fail fast with `.connection`.
/// Blocking reads (`XREADGROUP ... BLOCK`) belong on a dedicated connection, never on a pooled one.
/// Call `shutdown()` when done (or run the pool as a `Service`).
public final class RedisPool: RedisCommandRunner, Sendable {
    /// The configuration every connection uses.
    public let configuration: RedisConfiguration
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var idle: [RedisConnection] = []
        var openCount = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var isShutDown = false
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<RedisConnection, any Error>
        var timeout: Task<Void, Never>?
    }

    /// A pool for the given server; it connects nothing until the first command.
    public init(configuration: RedisConfiguration, logger: Logger) {
        precondition(configuration.maximumConnections > 0, "a Redis pool needs at least one connection")
        self.configuration = configuration
        self.logger = logger
        // One thread per connection: every pooled connection can be in a command at the same time.
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.maximumConnections)
        threadPool.start()
    }

    deinit {
        // A pool dropped without `shutdown()` must not leave its threads running; a second shutdown is harmless.
        threadPool.shutdownGracefully { _ in }
    }

    /// Sends one command on a pooled connection; an error reply throws a `.server` error.
    public func send(_ arguments: [RedisArgument]) async throws -> RedisValue {
        try await withConnection { try await $0.send(arguments) }
    }

    /// Pipelines the commands on one pooled connection; error replies are `.error` values.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        try await withConnection { try await $0.pipeline(commands) }
    }

    /// Lends a connection to `body` alone (for commands that must share one, like `WATCH`/`MULTI`/`EXEC`).
    public func withConnection<Result>(_ body: (RedisConnection) async throws -> Result) async throws -> Result {
        let connection = try await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    /// A new connection outside the pool with a thread of its own, for blocking reads; the caller closes it.
    public func makeDedicatedConnection() -> RedisConnection {
        RedisConnection(configuration: configuration, logger: logger)
    }

    /// Runs `body` with a dedicated connection (see `makeDedicatedConnection()`) and closes it afterwards.
    public func withDedicatedConnection<Result>(_ body: (RedisConnection) async throws -> Result) async throws -> Result {
        let connection = makeDedicatedConnection()
        return try await running({ try await body(connection) }, thenAlways: connection.close)
    }

    /// Runs `body`, then shuts the pool down whether `body` returned or threw.
    public func shutDown<Value>(after body: () async throws -> Value) async throws -> Value {
        try await running(body, thenAlways: shutdown)
    }

    /// Closes idle connections, fails waiting callers, and stops the pool's threads once running commands end;
    /// connections still lent out are closed when they come back. Later calls throw `.shutdown`.
    public func shutdown() async {
        let (idle, waiters) = state.withLockedValue { state in
            state.isShutDown = true
            defer {
                state.openCount -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: RedisError(.shutdown, "the Redis pool is shut down"))
        }
        for connection in idle {
            connection.discard()
        }
        try? await threadPool.shutdownGracefully()
    }

    private func acquire() async throws -> RedisConnection {
        let id = state.withLockedValue { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RedisConnection, any Error>) in
                enum Outcome {
                    case lend(RedisConnection)
                    case open
                    case wait
                    case fail(any Error)
                }
                let outcome = state.withLockedValue { state -> Outcome in
                    if state.isShutDown { return .fail(RedisError(.shutdown, "the Redis pool is shut down")) }
                    if let connection = state.idle.popLast() { return .lend(connection) }
                    if state.openCount < configuration.maximumConnections {
                        state.openCount += 1
                        return .open
                    }
                    if Task.isCancelled { return .fail(CancellationError()) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .wait
                }
                switch outcome {
                case .lend(let connection):
                    continuation.resume(returning: connection)
                case .open:
                    continuation.resume(
                        returning: RedisConnection(configuration: configuration, threadPool: threadPool, ownsThreadPool: false, logger: logger)
                    )
                case .fail(let error):
                    continuation.resume(throwing: error)
                case .wait:
                    let waitTimeout = configuration.connectionWaitTimeout
                    let timeout = Task { [weak self] in
                        guard (try? await Task.sleep(for: waitTimeout)) != nil else { return }
                        self?.removeWaiter(
                            id,
                            error: RedisError(.poolTimeout, "no Redis connection became free within \(waitTimeout)")
                        )
                    }
                    let stillWaiting = state.withLockedValue { state in
                        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return false }
                        state.waiters[index].timeout = timeout
                        return true
                    }
                    if !stillWaiting { timeout.cancel() }
                }
            }
        } onCancel: {
            removeWaiter(id, error: CancellationError())
        }
    }

    private func removeWaiter(_ id: Int, error: any Error) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        waiter.timeout?.cancel()
        waiter.continuation.resume(throwing: error)
    }

    private func release(_ connection: RedisConnection) {
        enum Outcome {
            case handOver(Waiter)
            case keep
            case close
        }
        let outcome = state.withLockedValue { state -> Outcome in
            if state.isShutDown {
                state.openCount -= 1
                return .close
            }
            if !state.waiters.isEmpty { return .handOver(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .keep
        }
        switch outcome {
        case .handOver(let waiter):
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: connection)
        case .keep:
            break
        case .close:
            connection.discard()
        }
    }
}
