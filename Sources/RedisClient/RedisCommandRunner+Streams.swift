extension RedisCommandRunner {
    /// Appends an entry with `XADD` and returns its id; `approximateMaxLength` trims with `MAXLEN ~`.
    @discardableResult
    public func xadd(
        stream: String,
        id: String = "*",
        fields: [(name: String, value: String)],
        approximateMaxLength: Int? = nil
    ) async throws -> String {
        let reply = try await send(Self.xaddCommand(stream: stream, id: id, fields: fields, approximateMaxLength: approximateMaxLength))
        guard let entryID = reply.string else { throw RedisError(.unexpectedReply, "XADD did not return an id") }
        return entryID
    }

    /// Appends many entries with one pipelined `XADD` each, in one round trip, and returns their ids in order.
    ///
    /// Not atomic: if one `XADD` fails, the entries before and after it are still added, and this throws its error.
    public func xadd(
        stream: String,
        entries: [[(name: String, value: String)]],
        approximateMaxLength: Int? = nil
    ) async throws -> [String] {
        let commands = entries.map { Self.xaddCommand(stream: stream, id: "*", fields: $0, approximateMaxLength: approximateMaxLength) }
        return try await pipeline(commands).map { reply in
            if case .error(let message) = reply { throw RedisError(.server, message) }
            guard let entryID = reply.string else { throw RedisError(.unexpectedReply, "XADD did not return an id") }
            return entryID
        }
    }

    /// Creates a consumer group (and the stream, with `MKSTREAM`); returns false when the group already existed.
    @discardableResult
    public func xgroupCreate(stream: String, group: String, startID: String = "$", makeStream: Bool = true) async throws -> Bool {
        let command: [RedisArgument] = ["XGROUP", "CREATE", RedisArgument(stream), RedisArgument(group), RedisArgument(startID)]
        do {
            _ = try await send(makeStream ? command + ["MKSTREAM"] : command)
            return true
        } catch let error as RedisError where error.serverCode == "BUSYGROUP" {
            return false
        }
    }

    /// Reads entries for a consumer with `XREADGROUP` without blocking: `>` for new entries, an id for its own
    /// pending ones. Returns an empty array when there is nothing.
    ///
    /// To wait for entries, use `RedisConnection.xreadGroup(group:consumer:stream:id:count:block:)` on a
    /// dedicated connection.
    public func xreadGroup(
        group: String,
        consumer: String,
        stream: String,
        id: String = ">",
        count: Int? = nil
    ) async throws -> [RedisStreamEntry] {
        let reply = try await send(Self.xreadGroupCommand(group: group, consumer: consumer, stream: stream, id: id, count: count, block: nil))
        return try Self.xreadGroupEntries(reply: reply)
    }

    /// Acknowledges entries with `XACK`; returns how many were pending.
    @discardableResult
    public func xack(stream: String, group: String, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let reply = try await send(["XACK", RedisArgument(stream), RedisArgument(group)] + ids.map { RedisArgument($0) })
        guard let count = reply.int else { throw RedisError(.unexpectedReply, "XACK did not return an integer") }
        return count
    }

    /// Takes over entries pending longer than `minIdle` with `XAUTOCLAIM`, scanning from `start`.
    public func xautoclaim(
        stream: String,
        group: String,
        consumer: String,
        minIdle: Duration,
        start: String = "0-0",
        count: Int? = nil
    ) async throws -> RedisAutoClaimResult {
        var command: [RedisArgument] = [
            "XAUTOCLAIM", RedisArgument(stream), RedisArgument(group), RedisArgument(consumer),
            RedisArgument(minIdle.wholeMilliseconds), RedisArgument(start),
        ]
        if let count { command += ["COUNT", RedisArgument(count)] }
        let reply = try await send(command)
        // Redis 7 answers [cursor, entries, deleted ids]; Redis 6.2 has no third element.
        guard let parts = reply.array, parts.count == 2 || parts.count == 3, let cursor = parts[0].string else {
            throw RedisError(.unexpectedReply, "XAUTOCLAIM did not return [cursor, entries, deleted ids]")
        }
        let entries = try RedisStreamEntry.entries(reply: parts[1])
        var deleted: [String] = []
        if parts.count == 3 {
            guard let ids = parts[2].array?.compactMap(\.string) else {
                throw RedisError(.unexpectedReply, "XAUTOCLAIM's deleted ids are not an array")
            }
            deleted = ids
        }
        return RedisAutoClaimResult(nextCursor: cursor, entries: entries, deletedIDs: deleted)
    }

    /// The summary form of `XPENDING`: count, id range and count per consumer.
    public func xpendingSummary(stream: String, group: String) async throws -> RedisPendingSummary {
        let reply = try await send(["XPENDING", stream, group])
        guard let parts = reply.array, parts.count == 4, let count = parts[0].int else {
            throw RedisError(.unexpectedReply, "XPENDING did not return [count, smallest, greatest, consumers]")
        }
        var consumers: [String: Int] = [:]
        for consumer in parts[3].array ?? [] {
            guard let pair = consumer.array, pair.count == 2, let name = pair[0].string, let pending = pair[1].int else {
                throw RedisError(.unexpectedReply, "XPENDING's consumer list is not [name, count] pairs")
            }
            consumers[name] = pending
        }
        return RedisPendingSummary(count: count, smallestID: parts[1].string, greatestID: parts[2].string, consumers: consumers)
    }

    /// The extended form of `XPENDING`: up to `count` pending entries between `start` and `end`, optionally only
    /// one consumer's and only those idle for at least `minIdle`.
    public func xpending(
        stream: String,
        group: String,
        start: String = "-",
        end: String = "+",
        count: Int,
        consumer: String? = nil,
        minIdle: Duration? = nil
    ) async throws -> [RedisPendingEntry] {
        var command: [RedisArgument] = ["XPENDING", RedisArgument(stream), RedisArgument(group)]
        if let minIdle { command += ["IDLE", RedisArgument(minIdle.wholeMilliseconds)] }
        command += [RedisArgument(start), RedisArgument(end), RedisArgument(count)]
        if let consumer { command.append(RedisArgument(consumer)) }
        guard let lines = try await send(command).array else {
            throw RedisError(.unexpectedReply, "XPENDING did not return an array")
        }
        return try lines.map { line throws(RedisError) in
            guard let parts = line.array, parts.count == 4, let id = parts[0].string, let owner = parts[1].string,
                let idle = parts[2].int, let deliveries = parts[3].int
            else {
                throw RedisError(.unexpectedReply, "an XPENDING line is not [id, consumer, idle, deliveries]")
            }
            return RedisPendingEntry(id: id, consumer: owner, idle: .milliseconds(idle), deliveryCount: deliveries)
        }
    }

    /// The number of entries in a stream (`XLEN`); 0 when it does not exist.
    public func xlen(stream: String) async throws -> Int {
        guard let count = try await send(["XLEN", stream]).int else {
            throw RedisError(.unexpectedReply, "XLEN did not return an integer")
        }
        return count
    }

    /// Deletes entries with `XDEL`; returns how many existed.
    @discardableResult
    public func xdel(stream: String, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        guard let count = try await send(["XDEL", stream] + ids).int else {
            throw RedisError(.unexpectedReply, "XDEL did not return an integer")
        }
        return count
    }

    static func xaddCommand(
        stream: String,
        id: String,
        fields: [(name: String, value: String)],
        approximateMaxLength: Int?
    ) -> [RedisArgument] {
        var command: [RedisArgument] = ["XADD", RedisArgument(stream)]
        if let approximateMaxLength { command += ["MAXLEN", "~", RedisArgument(approximateMaxLength)] }
        command.append(RedisArgument(id))
        for field in fields {
            command += [RedisArgument(field.name), RedisArgument(field.value)]
        }
        return command
    }

    static func xreadGroupCommand(
        group: String,
        consumer: String,
        stream: String,
        id: String,
        count: Int?,
        block: Duration?
    ) -> [RedisArgument] {
        var command: [RedisArgument] = ["XREADGROUP", "GROUP", RedisArgument(group), RedisArgument(consumer)]
        if let count { command += ["COUNT", RedisArgument(count)] }
        if let block { command += ["BLOCK", RedisArgument(block.wholeMilliseconds)] }
        command += ["STREAMS", RedisArgument(stream), RedisArgument(id)]
        return command
    }

    /// Reads `[[stream, entries]]`, or nil when nothing arrived.
    static func xreadGroupEntries(reply: RedisValue) throws(RedisError) -> [RedisStreamEntry] {
        if reply.isNull { return [] }
        guard let streams = reply.array else { throw RedisError(.unexpectedReply, "XREADGROUP did not return an array") }
        var entries: [RedisStreamEntry] = []
        for stream in streams {
            guard let parts = stream.array, parts.count == 2 else {
                throw RedisError(.unexpectedReply, "XREADGROUP did not return [stream, entries] pairs")
            }
            entries += try RedisStreamEntry.entries(reply: parts[1])
        }
        return entries
    }
}
