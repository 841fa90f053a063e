/// Which of a board's cards a listing includes (`GET /1/boards/{id}/cards/{filter}`).
public enum TrelloCardFilter: String, Sendable, Hashable {
    /// Open cards only, as the unfiltered listing.
    case open
    /// Archived cards only.
    case closed
    /// Open and archived cards.
    case all
}
