#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The short footer every card's description ends with, carrying the task id and, for a task's later deliveries,
/// the delivery's: a worker that cannot tell whether an earlier attempt made the card finds it by this footer
/// instead of making a second one, and two destinations of one task on one board are never taken for duplicates.
///
/// A task's first delivery has the task's id and its footer names the task alone, as every card did before
/// deliveries existed: `TaskBridge task <task>`. A later delivery's is `TaskBridge task <task> delivery <delivery>`.
public enum CardFooter {
    /// The text before the task id; the id follows it, lowercase, as PostgreSQL prints it.
    public static let marker = "TaskBridge task "

    /// The text between the task id and a later delivery's id.
    public static let deliveryMarker = " delivery "

    /// Trello's limit on a card's description, counted in UTF-16 code units, as Trello's JavaScript counts.
    public static let descriptionLimit = 16384

    /// What ends a description that had to be cut to make room for the footer.
    public static let ellipsis = "…"

    /// The card description for a task: `body`, then a rule and the footer; the footer alone when there is
    /// no body. A body too long to fit with the footer under `descriptionLimit` is cut at a character boundary
    /// and ends with `ellipsis`: the footer must survive, and the full text stays in the task's record.
    /// `deliveryID` is the delivery the card is made for; nil or the task's own id for its first delivery.
    public static func cardDescription(body: String?, taskID: UUID, deliveryID: UUID? = nil) -> String {
        var footer = marker + taskID.uuidString.lowercased()
        if let deliveryID, deliveryID != taskID {
            footer += deliveryMarker + deliveryID.uuidString.lowercased()
        }
        guard let body, !body.isEmpty else { return footer }
        let separator = "\n\n---\n"
        let room = descriptionLimit - separator.utf16.count - footer.utf16.count
        if body.utf16.count <= room {
            return body + separator + footer
        }
        return prefix(of: body, fittingUTF16: room - ellipsis.utf16.count) + ellipsis + separator + footer
    }

    /// The task id in a card's description: the id after the last marker (a body may quote another card's
    /// footer; ours is always last), or nil when there is none.
    public static func taskID(in description: String) -> UUID? {
        guard let range = description.ranges(of: marker).last else { return nil }
        let id = description[range.upperBound...].prefix(36)
        return UUID(uuidString: String(id))
    }

    /// The delivery a card's footer names: the id after the delivery marker, else the task id (a task's first
    /// delivery, and every card made before deliveries existed); nil when there is no footer.
    public static func deliveryID(in description: String) -> UUID? {
        guard let range = description.ranges(of: marker).last else { return nil }
        let footer = description[range.upperBound...]
        guard let taskID = UUID(uuidString: String(footer.prefix(36))) else { return nil }
        let rest = footer.dropFirst(36)
        guard rest.hasPrefix(deliveryMarker) else { return taskID }
        return UUID(uuidString: String(rest.dropFirst(deliveryMarker.count).prefix(36))) ?? taskID
    }

    /// The longest prefix of whole characters of `text` that is at most `limit` UTF-16 code units.
    private static func prefix(of text: String, fittingUTF16 limit: Int) -> Substring {
        var used = 0
        var end = text.startIndex
        for character in text {
            used += character.utf16.count
            guard used <= limit else { break }
            end = text.index(after: end)
        }
        return text[..<end]
    }
}
