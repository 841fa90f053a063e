import ServiceLifecycle

/// Keeps a resource open while the group runs and closes it at graceful shutdown; listed before the services
/// that use it, it closes after they stopped.
struct ShutdownService: Service {
    /// Closes the resource.
    let shutdown: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
