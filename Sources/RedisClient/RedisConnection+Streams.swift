extension RedisConnection {
    /// Waits up to `block` (`.zero`: forever) for entries with `XREADGROUP ... BLOCK`; returns an empty array when
    /// none arrived. Cancelling the task interrupts the wait.
    ///
    /// It holds this connection and its thread while it waits, so call it on a dedicated connection
    /// (`RedisPool.makeDedicatedConnection()`), never through the pool.
    public func xreadGroup(
        group: String,
        consumer: String,
        stream: String,
        id: String = ">",
        count: Int? = nil,
        block: Duration
    ) async throws -> [RedisStreamEntry] {
        let command = Self.xreadGroupCommand(group: group, consumer: consumer, stream: stream, id: id, count: count, block: block)
        return try Self.xreadGroupEntries(reply: try await sendBlocking(command, block: block))
    }
}
