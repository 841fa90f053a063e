import Logging
import ServiceLifecycle
import TaskBridgeCore

/// Applies the Trello actions the API stored to their tasks: every worker polls, each claims pending rows that no
/// other holds (`FOR UPDATE SKIP LOCKED`), so the fleet shares them without a leader and nothing waits on Redis.
/// A full batch is followed at once by the next; an empty one by a pause of `interval`.
struct TrelloActionApplier: Service {
    let actions: TrelloActionStore
    let interval: Duration
    let logger: Logger

    /// The most actions one transaction applies.
    static let batchSize = 100

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var applied = 0
            do {
                applied = try await actions.applyPending(limit: Self.batchSize)
            } catch {
                logger.warning("Applying Trello actions failed; trying again", metadata: ["error": "\(error)"])
            }
            if applied < Self.batchSize {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        }
    }
}
