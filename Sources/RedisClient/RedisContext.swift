import CHiredis

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one blocking hiredis `redisContext*`, connected, authenticated and on its database; freed exactly once.
///
/// Every method blocks on the network: call them only from a thread-pool thread, one caller at a time
/// (`RedisConnection` serialises them). Once `hasFailed` is true hiredis cannot use the context again.
final class RedisContext {
    private var handle: UnsafeMutablePointer<redisContext>?
    /// The context's socket, for `poll` and for interrupting a blocking read from another thread.
    let socket: Int32
    private let configuration: RedisConfiguration

    private init(handle: UnsafeMutablePointer<redisContext>, configuration: RedisConfiguration) {
        self.handle = handle
        self.socket = handle.pointee.fd
        self.configuration = configuration
    }

    deinit {
        close()
    }

    /// Connects within `connectTimeout`, sets the command timeout, sends `AUTH` and `SELECT`. With Sentinels, to
    /// the master they name, once `ROLE` confirms it is one (a demoted master may be named for a moment).
    static func connect(_ configuration: RedisConfiguration) throws(RedisError) -> RedisContext {
        guard let sentinel = configuration.sentinel else { return try connect(server: configuration) }
        var master = configuration
        master.sentinel = nil
        (master.host, master.port) = try masterAddress(sentinel, configuration: configuration)
        let context = try connect(server: master)
        let role = try? context.command(["ROLE"])
        guard role?.array?.first?.string == "master" else {
            context.close()
            throw RedisError(.connection, "\(master.host):\(master.port), named by the Sentinels as \(sentinel.masterName), is not a master (yet)")
        }
        return context
    }

    /// The master's address as the first Sentinel that answers names it.
    private static func masterAddress(
        _ sentinel: RedisSentinel, configuration: RedisConfiguration
    ) throws(RedisError) -> (String, Int) {
        var reasons: [String] = []
        for address in sentinel.addresses {
            var asked = RedisConfiguration(host: address.host, port: address.port)
            asked.connectTimeout = configuration.connectTimeout
            asked.commandTimeout = configuration.commandTimeout
            do {
                let context = try connect(server: asked)
                defer { context.close() }
                let reply = try context.command(["SENTINEL", "get-master-addr-by-name", RedisArgument(sentinel.masterName)])
                if let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].int {
                    return (host, port)
                }
                reasons.append("\(address.host):\(address.port) knows no master named \(sentinel.masterName)")
            } catch {
                reasons.append(error.message)
            }
        }
        throw RedisError(.connection, "no Sentinel named the master: \(reasons.joined(separator: "; "))")
    }

    /// Connects to one server.
    private static func connect(server configuration: RedisConfiguration) throws(RedisError) -> RedisContext {
        guard let handle = redisConnectWithTimeout(configuration.host, Int32(configuration.port), configuration.connectTimeout.timeval) else {
            throw RedisError(.connection, "cannot connect to \(configuration.host):\(configuration.port): out of memory")
        }
        let context = RedisContext(handle: handle, configuration: configuration)
        guard handle.pointee.err == 0 else {
            throw RedisError(.connection, "cannot connect to \(configuration.host):\(configuration.port): \(context.failure())")
        }
        context.setTimeout(configuration.commandTimeout)

        var setup: [[RedisArgument]] = []
        if let password = configuration.password {
            setup.append(["AUTH"] + (configuration.user.map { [RedisArgument($0)] } ?? []) + [RedisArgument(password)])
        }
        if configuration.database != 0 {
            setup.append(["SELECT", RedisArgument(configuration.database)])
        }
        for command in setup {
            let reply: RedisValue
            do {
                reply = try context.command(command)
            } catch {
                throw RedisError(.connection, "\(configuration.host):\(configuration.port) dropped the connection during setup: \(error.message)")
            }
            if case .error(let message) = reply {
                // The reply to AUTH names the problem (WRONGPASS, NOAUTH...) without echoing the password.
                let step = command[0] == "AUTH" ? "AUTH" : "SELECT \(configuration.database)"
                throw RedisError(.connection, "\(step) was refused by \(configuration.host):\(configuration.port): \(message)")
            }
        }
        return context
    }

    /// Whether hiredis hit an I/O, EOF or protocol error; the context is then unusable.
    var hasFailed: Bool {
        handle.map { $0.pointee.err != 0 } ?? true
    }

    /// Whether the server closed the socket (or sent something unasked) since the last reply: the context is stale.
    ///
    /// Between commands a healthy RESP2 connection has nothing to read, so any readiness means it is dead.
    var isStale: Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) != 0
    }

    /// Sets how long a read or write may block; nil blocks forever (for `BLOCK 0` reads).
    func setTimeout(_ timeout: Duration?) {
        guard let handle else { return }
        _ = redisSetTimeout(handle, (timeout ?? .zero).timeval)
    }

    /// Sends one command and reads its reply; an error reply comes back as `.error`.
    func command(_ arguments: [RedisArgument]) throws(RedisError) -> RedisValue {
        guard let handle else { throw closedError }
        let reply = Self.withArgv(arguments) { count, argv, lengths in
            redisCommandArgv(handle, count, argv, lengths)
        }
        guard let reply else { throw RedisError(.connection, failure()) }
        defer { freeReplyObject(reply) }
        return RedisValue(reply: reply.assumingMemoryBound(to: redisReply.self))
    }

    /// Writes every command, then reads every reply in order; error replies come back as `.error` values.
    func pipeline(_ commands: [[RedisArgument]]) throws(RedisError) -> [RedisValue] {
        guard let handle else { throw closedError }
        for command in commands {
            let status = Self.withArgv(command) { count, argv, lengths in
                redisAppendCommandArgv(handle, count, argv, lengths)
            }
            guard status == REDIS_OK else { throw RedisError(.connection, failure()) }
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var reply: UnsafeMutableRawPointer?
            guard redisGetReply(handle, &reply) == REDIS_OK, let reply else {
                throw RedisError(.connection, failure())
            }
            defer { freeReplyObject(reply) }
            replies.append(RedisValue(reply: reply.assumingMemoryBound(to: redisReply.self)))
        }
        return replies
    }

    /// Frees the context and closes its socket; later calls throw. Never waits on the network.
    func close() {
        if let handle {
            redisFree(handle)
            self.handle = nil
        }
    }

    private var closedError: RedisError {
        RedisError(.connection, "the connection to \(configuration.host):\(configuration.port) is closed")
    }

    /// hiredis' description of the failure, read right after the failing call so `errno` still tells a timeout.
    private func failure() -> String {
        let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
        guard let handle else { return "the connection is closed" }
        var errorText = handle.pointee.errstr
        let detail = withUnsafeBytes(of: &errorText) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        if handle.pointee.err == REDIS_ERR_IO && timedOut {
            return "no reply from \(configuration.host):\(configuration.port) within the command timeout"
        }
        return "\(configuration.host):\(configuration.port): \(detail.isEmpty ? "unknown error" : detail)"
    }

    /// Lays the arguments out in one buffer and calls `body` with hiredis' argc/argv/argvlen, valid only inside it.
    private static func withArgv<Result>(
        _ arguments: [RedisArgument],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.bytes.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.bytes.count)
            storage.append(contentsOf: argument.bytes)
        }
        // One spare byte so the buffer has an address even when every argument is empty.
        storage.append(0)
        return storage.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { UnsafePointer(base + $0) }
            return argv.withUnsafeMutableBufferPointer { argvBuffer in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    body(Int32(arguments.count), argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
                }
            }
        }
    }
}
