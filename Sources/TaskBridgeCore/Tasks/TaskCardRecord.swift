#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A task as the reconciler compares it with the board: its status, the card PostgreSQL recorded and what the
/// reconciler last saw of that card.
public struct TaskCardRecord: Sendable, Hashable {
    /// The task's id, which its cards' footers carry.
    public var id: UUID
    /// Its status.
    public var status: TaskStatus
    /// `card_id`: the card recorded when the task was done.
    public var cardID: String?
    /// `card_url`.
    public var cardURL: String?
    /// `card_closed`: the recorded card was last seen archived.
    public var cardClosed: Bool
    /// `card_deleted`: the recorded card was last found gone from the board.
    public var cardDeleted: Bool
    /// Whether the task was done before the pass began: only then did the pass's card listing start after its card
    /// was made, so that a card missing from the listing is missing from the board.
    public var settled: Bool

    /// Makes a record.
    public init(
        id: UUID, status: TaskStatus, cardID: String? = nil, cardURL: String? = nil, cardClosed: Bool = false,
        cardDeleted: Bool = false, settled: Bool = true
    ) {
        self.id = id
        self.status = status
        self.cardID = cardID
        self.cardURL = cardURL
        self.cardClosed = cardClosed
        self.cardDeleted = cardDeleted
        self.settled = settled
    }
}
