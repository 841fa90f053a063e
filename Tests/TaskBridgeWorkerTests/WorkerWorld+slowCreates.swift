import Foundation
import TaskBridgeCore
import Testing
import TestSupport

extension WorkerWorld {
    /// Makes the sandbox wait `latency` before it acts on a `POST /1/cards`, lookups staying fast: longer than the
    /// workers' client timeout, the card lands after the worker stopped waiting for it.
    func delayCreates(by latency: Duration) async throws {
        try await sandbox.put("faults", #"{"routeLatencyMs": {"POST /1/cards": \#(latency.wholeMilliseconds)}}"#)
    }

    /// Once every task of `ids` has ended an attempt (so each one's first create was sent while slow), makes
    /// creates fast again, as the issue's measurement did, so the retries are quick. Returns the moment after which
    /// no create delayed by `latency` can still land (the latency, and 2 s for a loaded machine).
    func restoreCreates(after ids: [UUID], latency: Duration, timeout: Duration = .seconds(60)) async throws
        -> ContinuousClock.Instant
    {
        try await eventually("every slow task has ended its first attempt", timeout: timeout) {
            try await attemptsEnded(ids) == ids.count
        }
        try await sandbox.put("faults", #"{"routeLatencyMs": {}}"#)
        return .now + latency + .seconds(2)
    }
}
