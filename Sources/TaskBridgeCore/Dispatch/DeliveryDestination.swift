#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where one delivery of a task goes, as its route named it when the task was accepted (a snapshot: editing the
/// route later never redirects accepted work). Nil board, list and credential are the environment's `TRELLO_*`.
public struct DeliveryDestination: Sendable, Hashable {
    /// The delivery's id: the task's own id for its first delivery, so old stream entries and footers keep naming it.
    public var deliveryID: UUID
    /// The route that matched the task (`default` for the environment's).
    public var routeName: String
    /// The destination's position in that route.
    public var position: Int
    /// The board's id; nil for `TRELLO_BOARD_ID`.
    public var boardID: String?
    /// The list's name; nil for `TRELLO_LIST_NAME`.
    public var listName: String?
    /// The stored credential's id; nil for `TRELLO_API_KEY` and `TRELLO_API_TOKEN`.
    public var credentialID: UUID?

    /// A destination.
    public init(
        deliveryID: UUID, routeName: String = Route.defaultName, position: Int = 0, boardID: String? = nil,
        listName: String? = nil, credentialID: UUID? = nil
    ) {
        self.deliveryID = deliveryID
        self.routeName = routeName
        self.position = position
        self.boardID = boardID
        self.listName = listName
        self.credentialID = credentialID
    }

    /// The environment's board, for the task `taskID`'s only delivery.
    public static func environment(taskID: UUID) -> DeliveryDestination {
        DeliveryDestination(deliveryID: taskID)
    }
}
