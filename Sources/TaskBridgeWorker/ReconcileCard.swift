import Foundation
import TaskBridgeCore
import Trello

/// A card of the board as the reconciler compares it: the task its footer names, and whether it is archived.
/// Only cards with a footer are the bridge's; the description itself is not kept.
struct ReconcileCard: Sendable, Hashable {
    /// The card's id; ids sort by creation.
    var id: String
    /// The card's URL.
    var url: String?
    /// Whether it is archived.
    var closed: Bool
    /// The delivery its footer names: the task's own id for a task's first delivery.
    var taskID: UUID

    /// Makes a card.
    init(id: String, url: String? = nil, closed: Bool = false, taskID: UUID) {
        self.id = id
        self.url = url
        self.closed = closed
        self.taskID = taskID
    }

    /// The card as the reconciler sees `card`, or nil when its description carries no footer: not the bridge's.
    init?(_ card: TrelloCard) {
        guard let taskID = CardFooter.deliveryID(in: card.desc) else { return nil }
        self.init(id: card.id, url: card.url ?? card.shortUrl, closed: card.closed, taskID: taskID)
    }

    /// The second a card id says its card was made in (its first 8 hex digits, as in a MongoDB ObjectId), or nil for
    /// an id of another shape.
    static func creationSecond(of id: String) -> Int64? {
        guard id.utf8.count == 24 else { return nil }
        return UInt32(id.prefix(8), radix: 16).map(Int64.init)
    }
}
