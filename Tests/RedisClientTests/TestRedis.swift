import Foundation
import Logging
import RedisClient
import TestSupport
import Testing

/// Pools and unique key names for tests that share the test run's Redis.
enum TestRedis {
    static let logger = Logger(label: "RedisClientTests")

    /// The shared Redis's configuration with a pool of `connections`.
    static func configuration(url: String = TestServices.redisURL, connections: Int = 4) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url)
        configuration.maximumConnections = connections
        return configuration
    }

    /// Runs `body` with a fresh pool and shuts it down afterwards, whatever happened.
    static func withPool<Result>(
        url: String = TestServices.redisURL,
        connections: Int = 4,
        commandTimeout: Duration? = nil,
        connectionWaitTimeout: Duration? = nil,
        _ body: (RedisPool) async throws -> Result
    ) async throws -> Result {
        var configuration = try configuration(url: url, connections: connections)
        configuration.commandTimeout = commandTimeout ?? configuration.commandTimeout
        configuration.connectionWaitTimeout = connectionWaitTimeout ?? configuration.connectionWaitTimeout
        let pool = RedisPool(configuration: configuration, logger: logger)
        return try await pool.shutDown { try await body(pool) }
    }

    /// A key no other test uses.
    static func key(_ purpose: String) -> String {
        "test:\(purpose):\(UUID().uuidString)"
    }

    /// Waits until the server lists the named client as blocked in a command.
    static func waitUntilBlocked(clientNamed name: String, pool: RedisPool) async throws {
        for _ in 0..<500 {
            let clients = try await pool.send(["CLIENT", "LIST"]).string ?? ""
            let line = clients.split(separator: "\n").first { $0.contains(" name=\(name) ") }
            if let line, line.split(separator: " ").contains("flags=b") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("client \(name) never blocked")
    }
}
