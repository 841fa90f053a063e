/// The three path parts of an incoming-webhook URL, `/services/{team}/{channel}/{secret}`.
public struct SlackHookAddress: Hashable, Sendable, Codable {
    /// The workspace id, such as `T0001`.
    public var team: String
    /// The channel id, such as `C0001`.
    public var channel: String
    /// The hook's secret part.
    public var secret: String

    /// `/services/{team}/{channel}/{secret}`, the path a client posts to.
    public var path: String { "/services/\(team)/\(channel)/\(secret)" }
}
