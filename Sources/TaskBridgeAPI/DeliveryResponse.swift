import Foundation
import TaskBridgeCore

/// One delivery of a task as the API shows it (the `Delivery` schema): where it goes, how far it got, its card.
struct DeliveryResponse: Encodable, Sendable {
    /// Where it goes, as the route named it when the task was accepted; nulls are the environment's.
    struct Destination: Encodable, Sendable {
        var route: String
        var position: Int
        var boardID: String?
        var listName: String?
        var credential: String?

        private enum CodingKeys: String, CodingKey {
            case route, position, credential
            case boardID = "board_id"
            case listName = "list_name"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(route, forKey: .route)
            try container.encode(position, forKey: .position)
            try container.encode(boardID, forKey: .boardID)
            try container.encode(listName, forKey: .listName)
            try container.encode(credential, forKey: .credential)
        }
    }

    /// Its card, once made.
    struct Card: Encodable, Sendable {
        var id: String
        var url: String?
    }

    var id: String
    /// `trello`, `slack` or `email`.
    var kind: String
    /// The moment a notification tells of (`accepted`, `carded`, `failed`); null for a card.
    var moment: String?
    var destination: Destination
    var status: String
    var attempts: Int
    var nextAttemptAt: String?
    var lastError: String?
    var card: Card?

    private enum CodingKeys: String, CodingKey {
        case id, kind, moment, destination, status, attempts, card
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
    }

    /// The representation of `delivery`.
    init(_ delivery: DeliveryRecord) {
        id = delivery.id.uuidString.lowercased()
        kind = delivery.kind
        moment = delivery.moment?.rawValue
        destination = Destination(
            route: delivery.destination.routeName, position: delivery.destination.position,
            boardID: delivery.destination.boardID, listName: delivery.destination.listName,
            credential: delivery.credentialName)
        status = delivery.status.rawValue
        attempts = delivery.attempts
        let waiting = delivery.status == .queued || delivery.status == .retrying
        nextAttemptAt = waiting ? TaskResponse.timestamp(delivery.nextAttemptAt) : nil
        lastError = delivery.lastError
        card = delivery.cardID.map { Card(id: $0, url: delivery.cardURL) }
    }

    /// Every member, nulls included.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(moment, forKey: .moment)
        try container.encode(destination, forKey: .destination)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(card, forKey: .card)
    }
}
