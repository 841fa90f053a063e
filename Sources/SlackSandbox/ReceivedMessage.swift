/// One message a hook accepted, as `GET /_slack/messages` lists it.
public struct ReceivedMessage: Sendable, Codable, Equatable {
    /// Its place among every message the stand-in accepted, from 1.
    public var sequence: Int
    /// The workspace id of the hook.
    public var team: String
    /// The channel id of the hook.
    public var channel: String
    /// The `text` field as received.
    public var text: String
    /// The `blocks` array re-serialised as JSON text (keys sorted), nil when the message had none.
    public var blocks: String?
}
