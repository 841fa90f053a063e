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
        await pollInBatches(
            batchSize: Self.batchSize, interval: interval, logger: logger,
            failure: "Applying Trello actions failed; trying again"
        ) {
            try await actions.applyPending(limit: Self.batchSize)
        }
    }
}
