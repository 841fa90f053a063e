import Logging
import ServiceLifecycle

/// Runs one pass of a background loop, cut short by a graceful shutdown: the worker's stop never waits for a pass
/// stuck on a stalled server (a cut Redis command ends at once). A failure is logged as `failure`, unless it is
/// that cut.
func runPass(logger: Logger, failure: Logger.Message, _ pass: @escaping @Sendable () async throws -> Void) async {
    do {
        try await cancelWhenGracefulShutdown(pass)
    } catch {
        if !Task.isShuttingDownGracefully {
            logger.warning(failure, metadata: ["error": "\(error)"])
        }
    }
}
