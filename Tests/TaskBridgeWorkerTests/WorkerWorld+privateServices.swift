import TestSupport
import TrelloSandbox

extension WorkerWorld {
    /// Runs `body` in a fresh world on a PostgreSQL and a Redis of the test's own (`PrivateServices` named
    /// `name`), which it may kill, pause or restart without disturbing other suites.
    static func withPrivateServices<Value: Sendable>(
        name: String,
        sandbox configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: @Sendable (WorkerWorld, PrivateServices) async throws -> Value
    ) async throws -> Value {
        try await PrivateServices.with(name: name) { services in
            try await with(databaseServer: services.databaseURL, redisURL: services.redisURL, sandbox: configure) {
                try await body($0, services)
            }
        }
    }
}
