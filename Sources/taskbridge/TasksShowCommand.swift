import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tasks show ID`: every field of one task, one `name: value` line each.
struct TasksShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one task: its fields, status, attempts, last error and card, one `name: value` line each."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The task's id.")
    var id: String

    func run() async throws {
        try await reportingFailure {
            guard let uuid = UUID(uuidString: id) else { throw CommandFailure("\(id) is not a task id (a UUID)") }
            guard let task = try await database.withPool({ pool in try await TaskStore(pool: pool).task(id: uuid) }) else {
                throw CommandFailure("no task has id \(id)")
            }
            for (name, value) in Self.fields(of: task) {
                print("\(name): \(value)")
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
            ("assignee_id", task.assigneeID ?? "-"),
            ("label_ids", task.labelIDs.isEmpty ? "-" : task.labelIDs.joined(separator: ",")),
            ("created_at", date(task.createdAt)),
            ("updated_at", date(task.updatedAt)),
            ("done_at", date(task.doneAt)),
        ]
    }
}
