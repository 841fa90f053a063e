import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tasks show ID`: every field of one task, one `name: value` line each.
struct TasksShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one task: its fields, status, attempts, last error and card, one `name: value` line each, "
            + "then its deliveries, then its history.",
        discussion: "The history lists the task's events oldest first, one per line: when, the status move (or the "
            + "status alone for a fact such as the reconciler archiving a duplicate card) and what happened."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The task's id.")
    var id: String

    func run() async throws {
        try await reportingFailure {
            guard let uuid = UUID(uuidString: id) else { throw CommandFailure("\(id) is not a task id (a UUID)") }
            let found = try await database.withPool { pool in
                let store = TaskStore(pool: pool)
                guard let task = try await store.task(id: uuid) else {
                    return nil as (TaskRecord, [DeliveryRecord], [TaskEvent])?
                }
                return (task, try await store.deliveries(of: uuid), try await store.history(of: uuid))
            }
            guard let found else { throw CommandFailure("no task has id \(id)") }
            let (task, deliveries, history) = found
            for (name, value) in Self.fields(of: task) {
                print("\(name): \(value)")
            }
            print("deliveries:")
            for delivery in deliveries {
                print("  " + Self.line(of: delivery))
            }
            print("history:")
            for event in history {
                print("  " + Self.line(of: event))
            }
        }
    }

    /// The task's fields in reading order; absent ones as `-`.
    static func fields(of task: TaskRecord) -> [(String, String)] {
        func date(_ value: Date?) -> String { value.map { $0.formatted(.iso8601) } ?? "-" }
        return [
            ("id", task.id.uuidString.lowercased()),
            ("type", task.type),
            ("title", task.title),
            ("description", task.description ?? "-"),
            ("category", task.category ?? "-"),
            ("status", task.status.rawValue),
            ("attempts", "\(task.attempts)"),
            ("next_attempt_at", date(task.nextAttemptAt)),
            ("lease_until", date(task.leaseUntil)),
            ("last_error", task.lastError ?? "-"),
            ("card_id", task.cardID ?? "-"),
            ("card_url", task.cardURL ?? "-"),
            ("card_closed", "\(task.cardClosed)"),
            ("card_deleted", "\(task.cardDeleted)"),
            ("assignee_id", task.assigneeID ?? "-"),
            ("label_ids", task.labelIDs.isEmpty ? "-" : task.labelIDs.joined(separator: ",")),
            ("created_at", date(task.createdAt)),
            ("updated_at", date(task.updatedAt)),
            ("done_at", date(task.doneAt)),
        ]
    }

    /// One delivery: its id, where it goes (a board, or a channel and its moment), its status and attempts, its card or last error.
    static func line(of delivery: DeliveryRecord) -> String {
        let destination = delivery.destination
        let board = if let moment = delivery.moment {
            "\(delivery.kind) on \(moment.rawValue)"
        } else {
            destination.boardID.map { "board \($0)" } ?? "the environment's board"
        }
        let list = destination.listName.map { ", list \"\($0)\"" } ?? ""
        let credential = delivery.credentialName.map { ", credential \($0)" } ?? ""
        var line = "\(delivery.id.uuidString.lowercased())  \(board)\(list)\(credential) (route \(destination.routeName))"
            + "  \(delivery.status.rawValue), attempts \(delivery.attempts)"
        if let card = delivery.cardID { line += ", card \(card)" }
        if let error = delivery.lastError, delivery.status != .done { line += ", last error: \(error)" }
        return line
    }

    /// One event: when, `from → to` (the status alone when it did not change), and the detail.
    static func line(of event: TaskEvent) -> String {
        let move = switch event.from {
        case nil: event.to.rawValue
        case let from? where from == event.to: from.rawValue
        case let from?: "\(from.rawValue) → \(event.to.rawValue)"
        }
        return "\(event.at.formatted(.iso8601))  \(move)\(event.detail.map { ": \($0)" } ?? "")"
    }
}
