import TaskBridgeRuntime
/// Where the API listens: `HTTP_HOST` and `HTTP_PORT`.
public struct HTTPSettings: Sendable, Hashable {
    /// Loopback by default: exposing the API is a decision, not an accident.
    public static let defaultHost = "127.0.0.1"
    /// The default port.
    public static let defaultPort = 8080

    /// The address to bind.
    public var host: String
    /// The port to bind; 0 lets the system pick one (tests).
    public var port: Int

    /// Makes settings.
    public init(host: String = defaultHost, port: Int = defaultPort) {
        self.host = host
        self.port = port
    }

    /// Reads `HTTP_HOST` and `HTTP_PORT` (0 to 65535).
    public init(reading environment: inout EnvironmentReader) {
        self.init(
            host: environment.string("HTTP_HOST", default: Self.defaultHost),
            port: environment.integer("HTTP_PORT", default: Self.defaultPort, in: 0...65535)
        )
    }
}
