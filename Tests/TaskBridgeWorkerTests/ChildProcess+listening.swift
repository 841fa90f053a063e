import Foundation
import TestSupport

extension ChildProcess {
    /// Starts `executable` with `portVariable` set to a port picked at random and returns it with that port once
    /// `serves(port)` says it answers; nil when five ports in a row failed. A port another test's server took
    /// meanwhile (the child says "Address already in use", or ends) is given up for another.
    static func listening(
        _ executable: String, environment: [String: String], portVariable: String,
        within limit: Duration = .seconds(60), serves: (Int) async -> Bool
    ) async throws -> (child: ChildProcess, port: Int)? {
        for _ in 0..<5 {
            let port = try FreePort.pick()
            var environment = environment
            environment[portVariable] = "\(port)"
            let child = try ChildProcess(executable, environment: environment)
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline, ProcessStatus.isRunning(child.pid),
                !child.stderr.contains("Address already in use")
            {
                if await serves(port) { return (child, port) }
                try await Task.sleep(for: .milliseconds(100))
            }
            _ = await child.wait(killingAfter: .zero)
        }
        return nil
    }
}
