import Testing

/// Waits until `condition` holds, looking every 100 ms for up to 10 s, and records an issue naming `what` if it never
/// does.
func eventually(_ what: String, _ condition: () async -> Bool) async throws {
    for _ in 0..<100 {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("timed out waiting until \(what)")
}
