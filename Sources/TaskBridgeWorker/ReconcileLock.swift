import RedisClient
import TaskBridgeCore

/// One reconcile pass at a time across the fleet and the admin CLI, and about one per interval: a lock with a TTL
/// that the pass renews while it runs, and the moment the last pass finished, both in Redis on Redis's clock.
struct ReconcileLock: Sendable {
    /// How long the lock outlives its holder's last renewal: a holder that dies frees it this long after.
    static let defaultTTL: Duration = .seconds(30)

    /// What an attempt to take the lock found.
    enum Attempt: Sendable, Hashable {
        /// The caller holds the lock now.
        case acquired
        /// Another process holds it, for up to `expiresIn` more unless renewed.
        case held(by: String, expiresIn: Duration)
        /// The last pass finished less than an interval ago; the next is due in `dueIn`.
        case notDue(dueIn: Duration)
    }

    /// The lock has been taken over by another holder, or expired, while a pass ran.
    struct Lost: Error, CustomStringConvertible {
        var description: String { "the reconciler's lock expired while the pass ran" }
    }

    let redis: any RedisCommandRunner
    /// The lock's key: `<prefix>:{reconcile}:leader`; the braces are a Redis Cluster hash tag, so the scripts that
    /// touch both keys find them in one slot.
    let lockKey: String
    /// The key holding when the last pass finished (ms on Redis's clock): `<prefix>:{reconcile}:finished`.
    let finishedKey: String
    let ttl: Duration

    /// A lock under `keyPrefix`.
    init(redis: any RedisCommandRunner, keyPrefix: String, ttl: Duration = defaultTTL) {
        self.redis = redis
        self.lockKey = "\(keyPrefix):{reconcile}:leader"
        self.finishedKey = "\(keyPrefix):{reconcile}:finished"
        self.ttl = ttl
    }

    /// Takes the lock for `owner` when it is free (or already `owner`'s) and, with `dueAfter`, a pass is due: the
    /// last one finished at least that long ago. With no pass on record the clock starts now, so a fleet's first
    /// pass comes an interval after it first starts, not at every deploy.
    func acquire(owner: String, dueAfter interval: Duration?) async throws -> Attempt {
        let reply = try await redis.evalSHA(
            Self.acquireScript, keys: [lockKey, finishedKey],
            arguments: [
                RedisArgument(owner), RedisArgument(Int(ttl.wholeMilliseconds)),
                RedisArgument(Int(interval?.wholeMilliseconds ?? -1)),
            ])
        guard let parts = reply.array, let code = parts.first?.int, parts.count >= 2, let milliseconds = parts[1].int
        else {
            throw RedisError(.unexpectedReply, "the reconcile lock script did not return [code, milliseconds]")
        }
        switch code {
        case 1: return .acquired
        case 2: return .notDue(dueIn: .milliseconds(max(milliseconds, 0)))
        default: return .held(by: parts.count > 2 ? parts[2].string ?? "?" : "?", expiresIn: .milliseconds(max(milliseconds, 0)))
        }
    }

    /// Extends `owner`'s hold by the TTL; throws `Lost` when another holds the lock. Takes it back when it expired
    /// and nobody took it meanwhile.
    func renew(owner: String) async throws {
        let leads = try await redis.evalSHA(
            Relay.leadScript, keys: [lockKey], arguments: [RedisArgument(owner), RedisArgument(Int(ttl.wholeMilliseconds))])
        guard leads.int == 1 else { throw Lost() }
    }

    /// Frees the lock if `owner` holds it; with `recordFinish`, the next pass is due an interval from now.
    func release(owner: String, recordFinish: Bool) async throws {
        _ = try await redis.evalSHA(
            Self.releaseScript, keys: [lockKey, finishedKey], arguments: [RedisArgument(owner), recordFinish ? "1" : "0"])
    }

    /// Runs `body` while renewing `owner`'s hold every third of the TTL, so a pass longer than the TTL keeps the lock
    /// however long its requests wait; a renewal that finds the lock lost ends `body` with `Lost`.
    func whileHeld<Value: Sendable>(by owner: String, _ body: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask { [ttl] in
                while true {
                    try await Task.sleep(for: ttl / 3)
                    try await renew(owner: owner)
                }
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() ?? nil else { throw CancellationError() }
            return value
        }
    }

    /// KEYS: the lock, the last finish. ARGV: owner, TTL in ms, interval in ms (-1: due whenever).
    /// Returns {1, 0} when taken; {0, ms left on the lock, holder} when another holds it; {2, ms until due} when the
    /// last pass finished less than an interval ago (with no finish on record, it records now).
    static let acquireScript = RedisScript(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local holder = redis.call('GET', KEYS[1])
        if holder and holder ~= ARGV[1] then
          return {0, redis.call('PTTL', KEYS[1]), holder}
        end
        local interval = tonumber(ARGV[3])
        if interval >= 0 then
          local finished = redis.call('GET', KEYS[2])
          if not finished then
            redis.call('SET', KEYS[2], string.format('%.0f', now))
            return {2, interval}
          end
          local due = tonumber(finished) + interval
          if due > now then
            return {2, due - now}
          end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return {1, 0}
        """
    )

    /// KEYS: the lock, the last finish. ARGV: owner, 1 to record the finish. Frees the lock only for its holder.
    static let releaseScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        if ARGV[2] == '1' then
          local time = redis.call('TIME')
          local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
          redis.call('SET', KEYS[2], string.format('%.0f', now))
        end
        redis.call('DEL', KEYS[1])
        return 1
        """
    )
}
