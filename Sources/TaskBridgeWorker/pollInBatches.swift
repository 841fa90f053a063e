import Logging
import ServiceLifecycle

/// Runs `pass` until a graceful shutdown or cancellation: again at once after a full batch (`pass` handled
/// `batchSize` items, so more may wait), after `interval` otherwise. A failed pass is logged as `failure` and
/// counts as an empty one, so the next comes after `interval`.
func pollInBatches(
    batchSize: Int, interval: Duration, logger: Logger, failure: Logger.Message, _ pass: () async throws -> Int
) async {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
        var handled = 0
        do {
            handled = try await pass()
        } catch {
            logger.warning(failure, metadata: ["error": "\(error)"])
        }
        if handled < batchSize {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
