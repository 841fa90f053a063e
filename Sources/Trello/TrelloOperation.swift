import CurlClient

/// One kind of request to Trello: the name its metrics and logs carry, and the method and path it sends.
///
/// Errors name the request as sent (`TrelloError.operation`), so a caller tells a failed create from a failed
/// read by comparing operations, never strings. A caller that sends the same request for different reasons times
/// each under a name of its own (`named(_:)`).
public struct TrelloOperation: Sendable, Hashable, CustomStringConvertible {
    /// The name metrics and logs carry, such as `create_card`.
    public let name: String
    /// The request's method.
    public let method: HTTPMethod
    /// The path under the API's root, `{id}` standing for each id, such as `/boards/{id}/lists`.
    public let path: String

    /// An operation from its parts.
    public init(name: String, method: HTTPMethod, path: String) {
        (self.name, self.method, self.path) = (name, method, path)
    }

    /// The same request under another name: what a caller times it as.
    public func named(_ name: String) -> TrelloOperation {
        TrelloOperation(name: name, method: method, path: path)
    }

    /// Whether the request creates something: sent but unanswered, it may or may not have happened.
    public var creates: Bool { method == .post }

    /// `METHOD /path`, ids left out: `POST /cards`.
    public var description: String { "\(method) \(path)" }
}

extension TrelloOperation {
    /// The board's open lists.
    public static let lists = TrelloOperation(name: "lists", method: .get, path: "/boards/{id}/lists")
    /// The board's labels.
    public static let labels = TrelloOperation(name: "labels", method: .get, path: "/boards/{id}/labels")
    /// The board's members.
    public static let members = TrelloOperation(name: "members", method: .get, path: "/boards/{id}/members")
    /// Creating a list on the board.
    public static let createList = TrelloOperation(name: "create_list", method: .post, path: "/boards/{id}/lists")
    /// Creating a label on the board.
    public static let createLabel = TrelloOperation(name: "create_label", method: .post, path: "/boards/{id}/labels")
    /// Creating a card.
    public static let createCard = TrelloOperation(name: "create_card", method: .post, path: "/cards")
    /// Archiving a card.
    public static let archiveCard = TrelloOperation(name: "archive_card", method: .put, path: "/cards/{id}")
    /// A list's open cards.
    public static let listCards = TrelloOperation(name: "list_cards", method: .get, path: "/lists/{id}/cards")

    /// A page of the board's cards that `filter` selects.
    public static func boardCards(_ filter: TrelloCardFilter) -> TrelloOperation {
        TrelloOperation(name: "board_cards", method: .get, path: "/boards/{id}/cards/\(filter.rawValue)")
    }
}
