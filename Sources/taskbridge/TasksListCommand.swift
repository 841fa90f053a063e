import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tasks list`: one tab-separated line per task, newest first.
struct TasksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tasks, newest first: id, type, status, attempts, creation time and title (tab-separated).",
        discussion: "When more tasks match, the command to see the next page is printed on stderr."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only tasks in this status.")
    var status: TaskStatus?

    @Option(help: "Only tasks of this type (\(TaskKinds.names.joined(separator: ", "))).")
    var type: String?

    @Option(help: "Tasks per page, 1 to \(TaskListQuery.maximumLimit).")
    var limit = TaskListQuery.defaultLimit

    @Option(help: "Where the page starts: the cursor a previous page printed.")
    var cursor: String?

    func validate() throws {
        guard (1...TaskListQuery.maximumLimit).contains(limit) else {
            throw ValidationError("--limit must be from 1 to \(TaskListQuery.maximumLimit)")
        }
        if let type, !TaskKinds.names.contains(type) {
            throw ValidationError("--type must be one of \(TaskKinds.names.joined(separator: ", "))")
        }
        if let cursor, TaskCursor(encoded: cursor) == nil {
            throw ValidationError("--cursor is not a cursor a previous page printed")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let query = TaskListQuery(status: status, type: type, limit: limit, cursor: cursor.flatMap(TaskCursor.init(encoded:)))
            let page = try await database.withPool { pool in try await TaskStore(pool: pool).list(query) }
            print(["ID", "TYPE", "STATUS", "ATTEMPTS", "CREATED", "TITLE"].joined(separator: "\t"))
            for task in page.tasks {
                let fields = [
                    task.id.uuidString.lowercased(), task.type, task.status.rawValue, "\(task.attempts)",
                    task.createdAt.formatted(.iso8601), task.title,
                ]
                print(fields.joined(separator: "\t"))
            }
            if let next = page.next {
                var more = ["taskbridge tasks list"]
                if let status { more.append("--status \(status.rawValue)") }
                if let type { more.append("--type \(type)") }
                more.append("--limit \(limit) --cursor \(next.encoded)")
                FileHandle.standardError.write(Data("more: \(more.joined(separator: " "))\n".utf8))
            }
        }
    }
}
