import Foundation
import TaskBridgeCore
import TaskBridgeRuntime

/// The sealer the credential commands use: `TASKBRIDGE_SECRET_KEY`, and `TASKBRIDGE_PREVIOUS_SECRET_KEY` during a
/// rotation, from the environment only, so no key shows in a process listing or a shell history.
enum SealerOptions {
    /// The sealer, or a one-line failure naming the bad variable.
    static func sealer(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CredentialSealer {
        var reader = EnvironmentReader(environment)
        let keys = SecretKeySettings(reading: &reader, required: true)
        do {
            try reader.finish()
            return try CredentialSealer(current: keys.current ?? [], previous: keys.previous)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
