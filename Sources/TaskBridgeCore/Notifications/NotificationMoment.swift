import Foundation

/// A moment in a task's life a channel may notify of.
public enum NotificationMoment: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The API stored the task (no card yet: `{{card_url}}` is empty).
    case accepted
    /// The task's card was made.
    case carded
    /// The task failed for good.
    case failed

    /// What a channel notifies of when its route names no moments: the card, with its link, and a failure.
    /// `accepted` is left out because it comes a moment before `carded` and says less.
    public static let defaults: [NotificationMoment] = [.carded, .failed]

    /// The moments in `text`, comma-separated (`accepted,carded`), sorted; nil when one is not a moment or none is
    /// given.
    public static func list(parsing text: String) -> [NotificationMoment]? {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let moments = names.compactMap(NotificationMoment.init(rawValue:))
        guard !names.isEmpty, moments.count == names.count else { return nil }
        return Array(Set(moments)).sorted()
    }

    /// Lifecycle order: accepted, carded, failed.
    public static func < (left: NotificationMoment, right: NotificationMoment) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}
