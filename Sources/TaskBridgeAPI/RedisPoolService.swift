import RedisClient
import ServiceLifecycle

/// Runs a `RedisPool` as a service: it lives until the group shuts down, then closes its connections. Listed
/// before the HTTP server, it stops after the server has finished its in-flight requests.
struct RedisPoolService: Service {
    /// The pool to shut down.
    let pool: RedisPool

    /// Waits for graceful shutdown, then shuts the pool down.
    func run() async throws {
        try? await gracefulShutdown()
        await pool.shutdown()
    }
}
