import TaskBridgeJSON

/// What the bridge reads of a Trello webhook call (`{"action": {...}, "model": {...}}`): the action's id, type, date
/// and card, and the facts it states about that card.
public struct TrelloCardAction: Sendable, Hashable {
    /// Trello's action id: the same on every retry of one delivery.
    public var id: String
    /// `updateCard`, `deleteCard`, `addMemberToCard`, ...
    public var type: String
    /// When it happened, ISO 8601 as Trello writes it.
    public var date: String
    /// The card it is about.
    public var cardID: String
    /// The board it happened on.
    public var boardID: String?
    /// The facts it states about the card, in the order they become events; empty for other kinds of action.
    public var changes: [CardChange]

    /// The action in a webhook body, or nil when the body is not JSON or names no card (a board or list action).
    public init?(webhookBody bytes: some Collection<UInt8>) {
        guard let body = try? JSONValue(parsing: bytes), let action = body["action"] else { return nil }
        self.init(action: action)
    }

    /// The action from its JSON, or nil when it names no card.
    public init?(action: JSONValue) {
        let data = action["data"]
        guard let id = action["id"]?.text, let type = action["type"]?.text, let date = action["date"]?.text,
            let card = data?["card"], let cardID = card["id"]?.text
        else { return nil }
        self.id = id
        self.type = type
        self.date = date
        self.cardID = cardID
        self.boardID = data?["board"]?["id"]?.text
        self.changes = Self.changes(type: type, data: data, card: card)
    }

    private static func changes(type: String, data: JSONValue?, card: JSONValue) -> [CardChange] {
        switch type {
        case "deleteCard":
            return [.deleted]
        case "addMemberToCard":
            return (data?["idMember"]?.text).map { [.memberAdded($0)] } ?? []
        case "removeMemberFromCard":
            return (data?["idMember"]?.text).map { [.memberRemoved($0)] } ?? []
        case "updateCard":
            // `old` names what changed; the new values sit in `card` and, for a move, `listAfter`.
            guard case .object(let old)? = data?["old"] else { return [] }
            var changes: [CardChange] = []
            if old["idList"] != nil, let list = data?["listAfter"]?["name"]?.text { changes.append(.list(list)) }
            if old["closed"] != nil, case .bool(let closed)? = card["closed"] { changes.append(.closed(closed)) }
            if old["idMembers"] != nil, case .array(let ids)? = card["idMembers"] {
                changes.append(.members(ids.compactMap(\.text)))
            }
            if old["due"] != nil { changes.append(.due(card["due"]?.text)) }
            if old["dueComplete"] != nil, case .bool(let complete)? = card["dueComplete"] {
                changes.append(.dueComplete(complete))
            }
            return changes
        default:
            return []
        }
    }
}

extension JSONValue {
    /// The member `name` of an object; nil for anything else.
    fileprivate subscript(name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[name]
    }

    /// The string this value is; nil for anything else.
    fileprivate var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
