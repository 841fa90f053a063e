/// Where the Slack stand-in listens.
public struct SlackSandboxConfiguration: Sendable {
    /// The address `slack-sandbox` listens on by default.
    public static let defaultHost = "127.0.0.1"
    /// The port `slack-sandbox` listens on by default.
    public static let defaultPort = 8092

    /// Address to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free one.
    public var port: Int

    /// Makes a configuration; every argument has the default above.
    public init(host: String = Self.defaultHost, port: Int = Self.defaultPort) {
        self.host = host
        self.port = port
    }
}
