#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One line of a task's history (`task_events`): a move between statuses, or a fact recorded without one
/// (`from` and `to` the same).
public struct TaskEvent: Sendable, Hashable {
    /// When it happened.
    public var at: Date
    /// The status before; nil for the event that records the task's acceptance.
    public var from: TaskStatus?
    /// The status after.
    public var to: TaskStatus
    /// What happened, e.g. `attempt 2` or `reconciler: archived duplicate card …`.
    public var detail: String?
    /// For a fact about the card: its name, such as `card.list`; nil for a move between statuses.
    public var type: String?
    /// For a fact about the card: its value as JSON text, such as `"Done"`.
    public var data: String?

    /// Makes an event.
    public init(at: Date, from: TaskStatus?, to: TaskStatus, detail: String?, type: String? = nil, data: String? = nil) {
        self.at = at
        self.from = from
        self.to = to
        self.detail = detail
        self.type = type
        self.data = data
    }
}
