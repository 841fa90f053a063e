/// What became of one action the Trello webhook delivered.
public enum TrelloActionReceipt: Sendable, Hashable {
    /// Stored for the workers to apply.
    case recorded
    /// Already stored: Trello delivered it again.
    case duplicate
    /// About a card no task has, or stating nothing the bridge keeps: not stored.
    case ignored
}
