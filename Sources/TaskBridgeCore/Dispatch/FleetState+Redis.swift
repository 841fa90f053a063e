#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RedisClient

extension FleetState {
    /// The state published under `key` in Redis; running when nothing is, or when what is there cannot be read.
    public static func read(from redis: some RedisCommandRunner, key: String = key) async throws -> FleetState {
        guard let bytes = try await redis.send(["GET", key]).bytes,
            let state = try? decoder.decode(FleetState.self, from: Data(bytes))
        else { return .running }
        return state
    }

    /// Publishes this state under `key` for `ttl`; publishing `running` removes the key.
    public func publish(to redis: some RedisCommandRunner, key: String = key, ttl: Duration) async throws {
        guard isPaused else {
            _ = try await redis.send(["DEL", key])
            return
        }
        let json = try Self.encoder.encode(self)
        _ = try await redis.send([
            RedisArgument(stringLiteral: "SET"), RedisArgument(key), RedisArgument(bytes: Array(json)),
            "PX", RedisArgument(Int(max(ttl.wholeMilliseconds, 1))),
        ])
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
