import RedisClient
import Testing

@Suite("Redis streams", .timeLimit(.minutes(3)))
struct RedisStreamTests {
    @Test("consumer group round trip: create twice, add, read, acknowledge, nothing pending")
    func consumerGroupRoundTrip() async throws {
        try await withStream("stream") { pool, stream in
            #expect(try await pool.xgroupCreate(stream: stream, group: "workers") == true)
            #expect(try await pool.xgroupCreate(stream: stream, group: "workers") == false)

            let first = try await pool.xadd(stream: stream, fields: [("task", "t1"), ("kind", "issue")])
            let batch = try await pool.xadd(stream: stream, entries: [[("task", "t2")], [("task", "t3")]], approximateMaxLength: 1000)
            #expect(batch.count == 2)
            #expect(try await pool.xlen(stream: stream) == 3)

            let entries = try await pool.xreadGroup(group: "workers", consumer: "c1", stream: stream, count: 10)
            #expect(entries.map(\.id) == [first] + batch)
            #expect(entries.map { $0[field: "task"] } == ["t1", "t2", "t3"])
            #expect(entries[0].fields.map(\.name) == ["task", "kind"])
            #expect(entries[0].fieldsByName == ["task": "t1", "kind": "issue"])
            #expect(try await pool.xreadGroup(group: "workers", consumer: "c1", stream: stream).isEmpty)

            let pending = try await pool.xpendingSummary(stream: stream, group: "workers")
            #expect(pending.count == 3)
            #expect(pending.smallestID == first)
            #expect(pending.greatestID == batch[1])
            #expect(pending.consumers == ["c1": 3])
            // Re-reading its own pending entries (after a restart) gives the same entries.
            #expect(try await pool.xreadGroup(group: "workers", consumer: "c1", stream: stream, id: "0") == entries)

            #expect(try await pool.xack(stream: stream, group: "workers", ids: entries.map(\.id)) == 3)
            #expect(try await pool.xack(stream: stream, group: "workers", ids: [first]) == 0)
            let after = try await pool.xpendingSummary(stream: stream, group: "workers")
            #expect(after == RedisPendingSummary(count: 0, smallestID: nil, greatestID: nil, consumers: [:]))
            #expect(try await pool.xpending(stream: stream, group: "workers", count: 10).isEmpty)

            #expect(try await pool.xdel(stream: stream, ids: [first, "1-1"]) == 1)
            #expect(try await pool.xlen(stream: stream) == 2)
        }
    }

    @Test("reading a group that does not exist throws NOGROUP")
    func missingGroup() async throws {
        try await withStream("stream-nogroup") { pool, stream in
            try await pool.xadd(stream: stream, fields: [("task", "t1")])
            let error = await #expect(throws: RedisError.self) {
                try await pool.xreadGroup(group: "nobody", consumer: "c1", stream: stream)
            }
            #expect(error?.serverCode == "NOGROUP")
        }
    }

    @Test("XAUTOCLAIM takes over what a vanished consumer read, raising the delivery count")
    func autoclaimFromDeadConsumer() async throws {
        try await withStream("stream-claim") { pool, stream in
            try await pool.xgroupCreate(stream: stream, group: "workers")
            let kept = try await pool.xadd(stream: stream, fields: [("task", "kept")])
            let deleted = try await pool.xadd(stream: stream, fields: [("task", "deleted")])

            // Consumer A reads both and disappears without acknowledging; one entry is deleted meanwhile.
            let read = try await pool.xreadGroup(group: "workers", consumer: "A", stream: stream)
            #expect(read.map(\.id) == [kept, deleted])
            try await pool.xdel(stream: stream, ids: [deleted])

            let tooEarly = try await pool.xautoclaim(stream: stream, group: "workers", consumer: "B", minIdle: .seconds(3600))
            #expect(tooEarly.entries.isEmpty)

            try await Task.sleep(for: .milliseconds(60))
            let claimed = try await pool.xautoclaim(
                stream: stream, group: "workers", consumer: "B", minIdle: .milliseconds(50), count: 10
            )
            #expect(claimed.entries == [RedisStreamEntry(id: kept, fields: [("task", "kept")])])
            // Redis 7 drops deleted entries from the pending list on any scan, whatever their idle time.
            #expect(tooEarly.deletedIDs + claimed.deletedIDs == [deleted])
            #expect(claimed.nextCursor == "0-0")

            let pending = try await pool.xpending(stream: stream, group: "workers", count: 10)
            #expect(pending.count == 1)
            #expect(pending.first?.id == kept)
            #expect(pending.first?.consumer == "B")
            #expect(pending.first?.deliveryCount == 2)
            #expect(try await pool.xpending(stream: stream, group: "workers", count: 10, consumer: "A").isEmpty)
            #expect(try await pool.xpending(stream: stream, group: "workers", count: 10, minIdle: .seconds(3600)).isEmpty)
        }
    }

    @Test("a blocking XREADGROUP on a dedicated connection returns when an entry arrives, while the pool serves others")
    func blockingReadOnDedicatedConnection() async throws {
        try await withStream("stream-block", connections: 1) { pool, stream in
            let name = "blocked-\(stream.suffix(8))"
            try await pool.xgroupCreate(stream: stream, group: "workers")

            try await pool.withDedicatedConnection { reader in
                _ = try await reader.send(["CLIENT", "SETNAME", name])
                async let arrived = reader.xreadGroup(group: "workers", consumer: "c1", stream: stream, count: 5, block: .seconds(30))

                try await TestRedis.waitUntilBlocked(clientNamed: name, pool: pool)
                // The pool's only connection is free for other callers while the reader waits.
                for index in 0..<100 {
                    #expect(try await pool.send(["ECHO", "\(index)"]).string == "\(index)")
                }
                let id = try await pool.xadd(stream: stream, fields: [("task", "late")])
                #expect(try await arrived.map(\.id) == [id])
            }
        }
    }

    @Test("a blocking XREADGROUP returns no entries when its block time ends")
    func blockingReadTimesOut() async throws {
        try await withStream("stream-empty") { pool, stream in
            try await pool.xgroupCreate(stream: stream, group: "workers")
            let entries = try await pool.withDedicatedConnection { reader in
                try await reader.xreadGroup(group: "workers", consumer: "c1", stream: stream, block: .milliseconds(50))
            }
            #expect(entries.isEmpty)
        }
    }

    @Test("cancelling a blocking XREADGROUP interrupts it; the connection then reconnects", .timeLimit(.minutes(1)))
    func cancelBlockingRead() async throws {
        try await withStream("stream-cancel") { pool, stream in
            let name = "cancelled-\(stream.suffix(8))"
            try await pool.xgroupCreate(stream: stream, group: "workers")
            let reader = pool.makeDedicatedConnection()
            _ = try await reader.send(["CLIENT", "SETNAME", name])

            let read = Task {
                try await reader.xreadGroup(group: "workers", consumer: "c1", stream: stream, block: .zero)
            }
            try await TestRedis.waitUntilBlocked(clientNamed: name, pool: pool)
            read.cancel()
            await #expect(throws: CancellationError.self) { try await read.value }

            #expect(try await reader.send(["PING"]) == .simpleString("PONG"))
            await reader.close()
            let closed = await #expect(throws: RedisError.self) { try await reader.send(["PING"]) }
            #expect(closed?.kind == .shutdown)
        }
    }

    /// Runs `body` with a fresh pool and a stream key no other test uses, and deletes the stream afterwards.
    private func withStream(
        _ purpose: String, connections: Int = 4, _ body: (RedisPool, String) async throws -> Void
    ) async throws {
        try await TestRedis.withPool(connections: connections) { pool in
            let stream = TestRedis.key(purpose)
            try await body(pool, stream)
            _ = try await pool.send(["DEL", stream])
        }
    }
}
