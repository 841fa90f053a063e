/// A webhook registered with Trello (`GET /tokens/{token}/webhooks`): it POSTs every action on `idModel` to
/// `callbackURL` while `active`; Trello turns it off after failing deliveries for long enough.
public struct TrelloWebhook: Sendable, Hashable, Codable {
    /// The webhook's id.
    public var id: String
    /// What it is for, as registered.
    public var description: String?
    /// The board (or list, card, member) it watches.
    public var idModel: String
    /// Where Trello calls, exactly as registered: the URL it signs.
    public var callbackURL: String
    /// Whether Trello still calls it.
    public var active: Bool
    /// Failed deliveries in a row, when Trello says.
    public var consecutiveFailures: Int?
}
