#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `CardChange` as a row of the timeline: its name, its value as JSON, and a line for people.
struct CardChangeEvent: Sendable, Hashable {
    var type: String
    var data: String
    var detail: String

    init(_ change: CardChange) {
        type = change.eventType
        switch change {
        case .list(let name):
            (data, detail) = (Self.json(name), "Trello: card moved to list \(name)")
        case .closed(let closed):
            (data, detail) = ("\(closed)", closed ? "Trello: card archived" : "Trello: card sent back to the board")
        case .deleted:
            (data, detail) = ("true", "Trello: card deleted")
        case .members(let ids):
            (data, detail) = (Self.json(ids), "Trello: card members set to \(ids.joined(separator: ", "))")
        case .memberAdded(let id):
            (data, detail) = (Self.json(["added": id]), "Trello: member \(id) joined the card")
        case .memberRemoved(let id):
            (data, detail) = (Self.json(["removed": id]), "Trello: member \(id) left the card")
        case .due(let date):
            (data, detail) = (date.map(Self.json) ?? "null", date.map { "Trello: card due \($0)" } ?? "Trello: due date removed")
        case .dueComplete(let complete):
            (data, detail) = ("\(complete)", complete ? "Trello: due date marked complete" : "Trello: due date marked incomplete")
        }
    }

    /// `value` as JSON text; strings and arrays of strings always encode.
    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
