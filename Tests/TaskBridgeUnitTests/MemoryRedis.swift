import RedisClient
import Synchronization

/// Redis's strings in memory, for the worker's types that keep a little state there (the board cache, the fleet's
/// pause): `GET`, `SET` with `NX` (expiry is ignored) and `DEL`. Any other command fails, so a test notices when a
/// type starts needing more.
final class MemoryRedis: RedisCommandRunner {
    private let values = Mutex<[String: [UInt8]]>([:])
    private let sent = Mutex<[String]>([])

    /// The names of the commands sent so far, in order.
    var commands: [String] { sent.withLock { $0 } }

    /// The value under `key`.
    func value(_ key: String) -> [UInt8]? {
        values.withLock { $0[key] }
    }

    func send(_ arguments: [RedisArgument]) async throws -> RedisValue {
        let words = arguments.map { String(decoding: $0.bytes, as: UTF8.self) }
        let name = words.first?.uppercased() ?? ""
        sent.withLock { $0.append(name) }
        switch (name, arguments.count) {
        case ("GET", 2):
            return values.withLock { $0[words[1]] }.map(RedisValue.bulkString) ?? .null
        case ("SET", 3...):
            let onlyIfAbsent = words.dropFirst(3).contains { $0.uppercased() == "NX" }
            return values.withLock { values in
                if onlyIfAbsent, values[words[1]] != nil { return .null }
                values[words[1]] = arguments[2].bytes
                return .simpleString("OK")
            }
        case ("DEL", 2...):
            let removed = values.withLock { values in words.dropFirst().filter { values.removeValue(forKey: $0) != nil } }
            return .integer(removed.count)
        default:
            throw RedisError(.server, "ERR the test's Redis does not know \(name)")
        }
    }

    func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        var replies: [RedisValue] = []
        for command in commands {
            do {
                replies.append(try await send(command))
            } catch let error as RedisError {
                replies.append(.error(error.message))
            }
        }
        return replies
    }
}
