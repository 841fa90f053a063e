import TaskBridgeCore
import TaskBridgeRuntime

/// How workers deliver callbacks: where they may connect, the key they sign with, and their patience.
public struct CallbackSettings: Sendable {
    /// Where callback URLs may point (`CALLBACK_ALLOW_HTTP`, `CALLBACK_ALLOWED_NETWORKS`), checked again at delivery
    /// against every address the host resolves to.
    public var policy = CallbackPolicy()
    /// The server key signing secrets are derived from (`CALLBACK_SIGNING_KEY`); nil: no callbacks are sent.
    public var signing: CallbackSigning?
    /// Backoff between attempts and how many there are (`CALLBACK_MAX_ATTEMPTS`); about 40 minutes at most.
    public var retry = RetryPolicy(base: .seconds(2), cap: .seconds(600), maxAttempts: 8)
    /// The longest one attempt may take (`CALLBACK_TIMEOUT_MS`).
    public var timeout: Duration = .seconds(10)
    /// How long a worker waits, after finding nothing due, before it looks again (`CALLBACK_POLL_MS`).
    public var interval: Duration = .milliseconds(250)

    /// Settings with every default: nothing is sent until a signing key is set.
    public init() {}

    /// Reads the `CALLBACK_*` variables.
    public init(reading reader: inout EnvironmentReader) {
        let allowsHTTP = reader.bool("CALLBACK_ALLOW_HTTP", default: false)
        let networks = CallbackPolicy.networks(parsing: reader.string("CALLBACK_ALLOWED_NETWORKS", default: ""))
        reader.require(networks != nil, "CALLBACK_ALLOWED_NETWORKS must be comma-separated networks such as 127.0.0.0/8")
        policy = CallbackPolicy(allowsHTTP: allowsHTTP, allowedNetworks: networks ?? [])
        let key = reader.string("CALLBACK_SIGNING_KEY", default: "")
        signing = CallbackSigning(serverKey: key)
        reader.require(
            key.isEmpty || signing != nil,
            "CALLBACK_SIGNING_KEY must be at least \(CallbackSigning.minimumKeyLength) characters")
        retry.maxAttempts = reader.integer("CALLBACK_MAX_ATTEMPTS", default: retry.maxAttempts, in: 1...100)
        timeout = reader.milliseconds("CALLBACK_TIMEOUT_MS", default: timeout, in: 100...120_000)
        interval = reader.milliseconds("CALLBACK_POLL_MS", default: interval, in: 10...60_000)
    }
}
