import Foundation
import TestSupport

extension ChildProcess {
    /// Waits for the child to end, killing it with SIGKILL once `limit` has passed; returns how it ended and how
    /// long that took. Call it once, instead of `wait()`.
    func wait(killingAfter limit: Duration) async -> (outcome: Outcome, took: Duration) {
        let started = ContinuousClock.now
        let killer = Task {
            try await Task.sleep(for: limit)
            send(SIGKILL)
        }
        let outcome = await wait()
        killer.cancel()
        return (outcome, .now - started)
    }
}
