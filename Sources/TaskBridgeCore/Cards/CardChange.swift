/// One fact a Trello action states about a card, as it becomes a task's field and a timeline event.
public enum CardChange: Sendable, Hashable {
    /// `card.list`: the card is now in the list with this name.
    case list(String)
    /// `card.closed`: archived (true) or back on the board (false).
    case closed(Bool)
    /// `card.deleted`: deleted for good.
    case deleted
    /// `card.members`: the card's members are now exactly these ids.
    case members([String])
    /// `card.members`: a member joined the card.
    case memberAdded(String)
    /// `card.members`: a member left the card.
    case memberRemoved(String)
    /// `card.due`: the due date (ISO 8601, as Trello writes it), nil when removed.
    case due(String?)
    /// `card.due_complete`: the due date is marked complete or not.
    case dueComplete(Bool)

    /// The event's name in the timeline.
    public var eventType: String {
        switch self {
        case .list: "card.list"
        case .closed: "card.closed"
        case .deleted: "card.deleted"
        case .members, .memberAdded, .memberRemoved: "card.members"
        case .due: "card.due"
        case .dueComplete: "card.due_complete"
        }
    }
}
