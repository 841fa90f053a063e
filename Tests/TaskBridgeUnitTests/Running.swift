import ServiceLifecycle

/// Runs `service` for the length of `body`, then cancels it: what an application's service group does for a
/// service that batches (`TaskIntake`, `TokenAuthenticator`, `TrelloGateway`), for one test.
func withRunning<S: Service, Value: Sendable>(
    _ service: S, _ body: (S) async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await service.run() }
        defer { group.cancelAll() }
        return try await body(service)
    }
}
