import TaskBridgeCore
import TaskBridgeRuntime
extension RetryPolicy {
    /// Reads `RETRY_BASE_MS`, `RETRY_CAP_MS` (positive, cap not below base), `RETRY_MAX_ATTEMPTS` (≥ 1),
    /// `RETRY_MAX_ELAPSED_MS` and `RETRY_AFTER_CAP_MS` (positive).
    public init(reading environment: inout EnvironmentReader) {
        let base = environment.milliseconds("RETRY_BASE_MS", default: Self.defaultBase, in: 1...Int.max)
        let cap = environment.milliseconds("RETRY_CAP_MS", default: Self.defaultCap, in: 1...Int.max)
        environment.require(cap >= base, "RETRY_CAP_MS must not be below RETRY_BASE_MS")
        self.init(
            base: base,
            cap: cap,
            maxAttempts: environment.integer("RETRY_MAX_ATTEMPTS", default: Self.defaultMaxAttempts, in: 1...Int.max),
            maxElapsed: environment.milliseconds("RETRY_MAX_ELAPSED_MS", default: Self.defaultMaxElapsed, in: 1...Int.max),
            retryAfterCap: environment.milliseconds(
                "RETRY_AFTER_CAP_MS", default: Self.defaultRetryAfterCap, in: 1...Int.max)
        )
    }
}
