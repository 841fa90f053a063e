import Logging
import RedisClient
import ServiceLifecycle
import TaskBridgeCore

/// Adds the API's counts to the history's buckets in Redis once a second, and once more on shutdown: a request
/// only adds to memory. The workers' stats leader persists the buckets.
struct StatsFlusher: Service {
    let tally: StatsTally
    let redis: RedisPool
    let keyPrefix: String
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            do {
                try await tally.flush(to: redis, keyPrefix: keyPrefix)
            } catch {
                logger.warning("Could not add the API's counts to the history; kept for the next try",
                               metadata: ["error": "\(error)"])
            }
        }
    }
}
