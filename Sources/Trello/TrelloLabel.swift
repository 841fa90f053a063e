/// A label of a board (`GET /boards/{id}/labels`).
public struct TrelloLabel: Sendable, Hashable, Codable {
    /// The label's id.
    public var id: String
    /// The label's name; Trello allows empty names for colour-only labels.
    public var name: String
    /// The label's colour, nil for a colourless label.
    public var color: String?
}
