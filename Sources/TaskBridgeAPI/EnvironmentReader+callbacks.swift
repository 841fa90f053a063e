import TaskBridgeCore
import TaskBridgeRuntime

extension EnvironmentReader {
    /// `CALLBACK_ALLOW_HTTP` (default false) and `CALLBACK_ALLOWED_NETWORKS` (blocked networks allowed after all,
    /// comma-separated CIDRs; default none), as the API checks callback URLs at submission.
    mutating func callbackPolicy() -> CallbackPolicy {
        let allowsHTTP = bool("CALLBACK_ALLOW_HTTP", default: false)
        let networks = CallbackPolicy.networks(parsing: string("CALLBACK_ALLOWED_NETWORKS", default: ""))
        require(networks != nil, "CALLBACK_ALLOWED_NETWORKS must be comma-separated networks such as 127.0.0.0/8")
        return CallbackPolicy(allowsHTTP: allowsHTTP, allowedNetworks: networks ?? [])
    }
}
