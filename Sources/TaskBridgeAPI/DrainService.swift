import Logging
import ServiceLifecycle

/// Stands after the HTTP server in the API's `ServiceGroup`, so that it hears SIGTERM first (a group stops its
/// services last to first): it fails `/accepting`, then keeps the server serving for `period`, long enough for the
/// load balancer's health checks to see it and send new requests to the other replicas. Only then does the group
/// stop the server, which closes its listener and finishes the requests in flight.
public struct DrainService: Service {
    let state: DrainState
    let period: Duration
    let logger: Logger

    /// Drains `state` for `period` once the group shuts down gracefully.
    public init(state: DrainState, period: Duration, logger: Logger) {
        self.state = state
        self.period = period
        self.logger = logger
    }

    /// Waits for the graceful shutdown, then drains.
    public func run() async throws {
        try? await gracefulShutdown()
        state.begin()
        logger.info("Draining: /accepting now fails", metadata: ["drain.period": "\(period)"])
        // A second signal cancels the group: the drain then ends at once, as `maximumGracefulShutdownDuration` says.
        try? await Task.sleep(for: period)
    }
}
