import Foundation
import Hummingbird
import TaskBridgeCore
import TaskBridgeJSON

/// A task's timeline as the API shows it (the `TaskEvents` schema): status moves (`type` `status`) and facts about
/// its card that Trello reported (`card.list`, `card.closed`, ...), oldest first.
struct TaskEventsResponse: ResponseEncodable, Sendable {
    /// One event.
    struct Item: Encodable, Sendable {
        var at: String
        var type: String
        var from: String?
        var to: String
        var detail: String?
        /// The fact's value (`"Done"`, `true`, a list of member ids); null for a status move.
        var data: JSONValue?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(type, forKey: .type)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(detail, forKey: .detail)
            try container.encode(data, forKey: .data)
        }

        private enum CodingKeys: String, CodingKey {
            case at, type, from, to, detail, data
        }
    }

    var taskID: String
    var items: [Item]

    private enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case items
    }

    private static let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The timeline of task `taskID`.
    init(taskID: UUID, events: [TaskEvent]) {
        self.taskID = taskID.uuidString.lowercased()
        items = events.map { event in
            Item(
                at: Self.format.format(event.at), type: event.type ?? "status", from: event.from?.rawValue,
                to: event.to.rawValue, detail: event.detail,
                data: event.data.flatMap { try? JSONValue(parsing: Array($0.utf8)) })
        }
    }
}
