import Foundation
import TaskBridgeCore

extension CallbackSigning {
    /// Signing with `CALLBACK_SIGNING_KEY`, or nil when it is unset or too short.
    static func fromEnvironment() -> CallbackSigning? {
        ProcessInfo.processInfo.environment["CALLBACK_SIGNING_KEY"].flatMap(CallbackSigning.init(serverKey:))
    }
}
