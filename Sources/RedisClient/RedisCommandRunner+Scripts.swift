extension RedisCommandRunner {
    /// Runs a Lua script by its SHA-1, sending the source with `EVAL` only when Redis answers `NOSCRIPT`.
    ///
    /// `EVAL` also stores the script, so later calls go back to `EVALSHA`. Errors raised by the script throw.
    public func evalSHA(_ script: RedisScript, keys: [String] = [], arguments: [RedisArgument] = []) async throws -> RedisValue {
        let tail = [RedisArgument(keys.count)] + keys.map { RedisArgument($0) } + arguments
        do {
            return try await send(["EVALSHA", RedisArgument(script.sha1)] + tail)
        } catch let error as RedisError where error.serverCode == "NOSCRIPT" {
            return try await send(["EVAL", RedisArgument(script.source)] + tail)
        }
    }
}
