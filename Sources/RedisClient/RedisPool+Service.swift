import ServiceLifecycle

extension RedisPool: Service {
    /// Waits for the service group's graceful shutdown, then shuts the pool down; list the pool before the
    /// services that use it, so it stops after them.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
