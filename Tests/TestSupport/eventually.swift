import Testing

/// Waits until `condition` holds, looking every 50 ms; after `timeout`, records an issue naming `what` and throws.
public func eventually(
    _ what: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
            throw TimedOut(description: "timed out waiting until \(what)")
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// A condition `eventually` waited for never held.
public struct TimedOut: Error, CustomStringConvertible {
    public let description: String
}
