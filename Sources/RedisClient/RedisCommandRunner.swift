/// Something that runs Redis commands: a `RedisPool` or a single `RedisConnection`.
///
/// The typed helpers (scripts, streams) are written once on top of these two requirements.
public protocol RedisCommandRunner: Sendable {
    /// Sends one command; an error reply throws a `.server` error, a connection problem a `.connection` error.
    func send(_ arguments: [RedisArgument]) async throws -> RedisValue

    /// Sends the commands in one round trip and returns their replies in order; error replies are `.error` values.
    func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue]
}

extension RedisCommandRunner {
    /// Sends one command made of strings.
    public func send(_ arguments: [String]) async throws -> RedisValue {
        try await send(arguments.map { RedisArgument($0) })
    }

    /// Sends one command made of raw byte strings.
    public func send(_ arguments: [[UInt8]]) async throws -> RedisValue {
        try await send(arguments.map { RedisArgument(bytes: $0) })
    }

    /// Pipelines commands made of strings.
    public func pipeline(_ commands: [[String]]) async throws -> [RedisValue] {
        try await pipeline(commands.map { $0.map { RedisArgument($0) } })
    }
}
