#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A route: which tasks it takes (`RouteMatch`) and where they go (its destinations, in order).
///
/// Routes are evaluated by position; the first whose match holds wins, and the environment's default route takes
/// whatever none matched.
public struct Route: Sendable, Hashable, Codable {
    /// The name the CLI and the admin API refer to it by; `default` for the environment's route.
    public var name: String
    /// Its place in the evaluation order, lowest first.
    public var position: Int
    /// Which tasks it takes.
    public var match: RouteMatch
    /// Where they go, the first Trello destination's card being the task's `card`.
    public var destinations: [TrelloDestination]
    /// Who else hears of its tasks: Slack channels and mailboxes, each at its own moments.
    public var channels: [ChannelDestination]

    /// A route.
    public init(
        name: String, position: Int, match: RouteMatch, destinations: [TrelloDestination],
        channels: [ChannelDestination] = []
    ) {
        self.name = name
        self.position = position
        self.match = match
        self.destinations = destinations
        self.channels = channels
    }

    /// The name of the route the environment forms.
    public static let defaultName = "default"

    /// The route the environment's `TRELLO_BOARD_ID` and `TRELLO_LIST_NAME` form, with its key and token: it takes
    /// every task no stored route matched.
    public static func environmentDefault(boardID: String, listName: String) -> Route {
        Route(
            name: defaultName, position: .max, match: RouteMatch(),
            destinations: [TrelloDestination(boardID: boardID, listName: listName, credential: nil)])
    }

    /// The first of `routes` (by position) that takes a task of `type` and `category` from `team`, else `fallback`.
    public static func first(
        in routes: [Route], type: String, category: String?, team: String?, fallback: Route
    ) -> Route {
        routes.sorted { $0.position < $1.position }
            .first { $0.match.matches(type: type, category: category, team: team) } ?? fallback
    }
}
