import Foundation
import TaskBridgeCore

/// One difference a reconcile pass found between PostgreSQL and the board, and what the reconciler does about it.
enum ReconcileStep: Sendable, Hashable {
    /// What the reconciler saw happen to a done task's recorded card.
    enum CardChange: String, Sendable, Hashable {
        /// Archived in Trello: normal workflow, recorded, never recreated.
        case archived
        /// Open again after being seen archived.
        case unarchived
        /// Gone from the board: deleted, or moved to another board.
        case deleted
        /// On the board again after being found gone.
        case reappeared
    }

    /// How carrying a step out went.
    enum Outcome: Sendable, Hashable {
        /// A dry run: nothing was done.
        case planned
        /// Done.
        case done
        /// Not done: the task changed after the pass read it (a worker, an operator, another pass).
        case skipped
    }

    /// Two or more open cards carry a done task's footer: `keep` stays, the others are archived.
    case archiveDuplicates(taskID: UUID, keep: String, archive: [String])
    /// A done task's recorded card (`missing`) is gone, but `card` carries its footer: it becomes the task's card.
    case adopt(taskID: UUID, missing: String?, card: ReconcileCard)
    /// A change to a done task's recorded card, recorded on the task.
    case record(taskID: UUID, cardID: String, change: CardChange)
    /// A done task's card is gone and nothing else carries its footer: with `RECONCILE_RECREATE`, the task is queued
    /// again for one new card.
    case recreate(taskID: UUID, missing: String)
    /// A card whose footer names a task PostgreSQL does not know: reported, left alone.
    case unknownCard(ReconcileCard)
    /// A card whose footer names a failed task: reported, left alone.
    case failedTaskCard(ReconcileCard)
    /// A task still being dispatched (or done after the pass began) with two or more open cards: left to a later
    /// pass, since its worker may yet record any of them.
    case unsettled(taskID: UUID, status: TaskStatus, openCards: [String])

    /// A short name for the kind of difference: the first word of its line, and its metric's dimension.
    var kind: String {
        switch self {
        case .archiveDuplicates: "duplicate"
        case .adopt: "adopted"
        case .record(_, _, let change): change.rawValue
        case .recreate: "recreate"
        case .unknownCard: "unknown"
        case .failedTaskCard: "failed"
        case .unsettled: "unsettled"
        }
    }

    /// Whether the step changes the board or PostgreSQL (the rest are reports).
    var changesSomething: Bool {
        switch self {
        case .archiveDuplicates, .adopt, .record, .recreate: true
        case .unknownCard, .failedTaskCard, .unsettled: false
        }
    }

    /// The task the step concerns.
    var taskID: UUID {
        switch self {
        case .archiveDuplicates(let id, _, _), .adopt(let id, _, _), .record(let id, _, _), .recreate(let id, _),
            .unsettled(let id, _, _):
            id
        case .unknownCard(let card), .failedTaskCard(let card):
            card.taskID
        }
    }

    /// The event recorded on the task, for steps that change something.
    var eventDetail: String? {
        switch self {
        case .archiveDuplicates(_, let keep, let archive):
            "reconciler: archived duplicate \(Self.cards(archive)); kept \(keep)"
        case .adopt(_, let missing, let card):
            "reconciler: \(missing.map { "card \($0) is gone from the board" } ?? "no card was recorded"); "
                + "adopted card \(card.id), which carries the task's footer\(card.closed ? " (archived)" : "")"
        case .record(_, let cardID, .archived): "reconciler: card \(cardID) is archived in Trello"
        case .record(_, let cardID, .unarchived): "reconciler: card \(cardID) is open again in Trello"
        case .record(_, let cardID, .deleted): "reconciler: card \(cardID) is gone from the board"
        case .record(_, let cardID, .reappeared): "reconciler: card \(cardID) is on the board again"
        case .recreate(_, let missing): "reconciler: card \(missing) is gone from the board; queued for one new card"
        case .unknownCard, .failedTaskCard, .unsettled: nil
        }
    }

    /// One line for the operator: the difference, then what was done (or, in a dry run, would be done).
    func line(_ outcome: Outcome) -> String {
        let task = "task \(taskID.uuidString.lowercased())"
        let (difference, action, planned): (String, String, String)
        switch self {
        case .archiveDuplicates(_, let keep, let archive):
            difference = "\(task): \(archive.count + 1) open cards carry its footer"
            action = "archived \(Self.cards(archive)), kept \(keep)"
            planned = "would archive \(Self.cards(archive)) and keep \(keep)"
        case .adopt(_, let missing, let card):
            difference = "\(task): \(missing.map { "its card \($0) is gone from the board" } ?? "no card is recorded")"
            action = "recorded card \(card.id)\(card.closed ? " (archived)" : ""), which carries its footer, instead"
            planned = "would record card \(card.id)\(card.closed ? " (archived)" : ""), which carries its footer, instead"
        case .record(_, let cardID, let change):
            switch change {
            case .archived: difference = "\(task): its card \(cardID) is archived in Trello"
            case .unarchived: difference = "\(task): its card \(cardID) is open again"
            case .deleted: difference = "\(task): its card \(cardID) is gone from the board"
            case .reappeared: difference = "\(task): its card \(cardID) is on the board again"
            }
            action = "recorded on the task"
            planned = "would record it on the task"
        case .recreate(_, let missing):
            difference = "\(task): its card \(missing) is gone from the board"
            action = "queued the task for one new card"
            planned = "would queue the task for one new card"
        case .unknownCard(let card):
            difference = "card \(card.id)\(card.closed ? " (archived)" : ""): its footer names task "
                + "\(card.taskID.uuidString.lowercased()), which this database does not know"
            (action, planned) = ("left alone", "left alone")
        case .failedTaskCard(let card):
            difference = "\(task): failed, but card \(card.id)\(card.closed ? " (archived)" : "") carries its footer"
            (action, planned) = ("left alone", "left alone")
        case .unsettled(_, let status, let openCards):
            difference = "\(task): \(status.rawValue), with \(openCards.count) open cards carrying its footer "
                + "(\(openCards.joined(separator: ", ")))"
            (action, planned) = ("left to a later pass", "left to a later pass")
        }
        switch outcome {
        case .done: return "\(kind) \(difference); \(action)"
        case .planned: return "\(kind) \(difference); \(planned)"
        case .skipped: return "\(kind) \(difference); skipped: the task changed while the pass ran"
        }
    }

    /// `card X` or `cards X, Y`.
    private static func cards(_ ids: [String]) -> String {
        "card\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", "))"
    }
}
