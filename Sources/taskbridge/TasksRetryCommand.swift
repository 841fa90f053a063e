import ArgumentParser
import Foundation
import PostgresClient
import TaskBridgeCore

/// `taskbridge tasks retry ID… | --failed`: moves failed tasks back to `queued`; the workers' relay delivers them.
struct TasksRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue failed tasks again: the ones named, or every failed task with --failed.",
        discussion: "Each task goes back to `queued` with its attempts reset and a `failed → queued` event; a running "
            + "worker's relay puts it on the dispatch stream within a second. Tasks that are not failed are left "
            + "alone (and make the command exit 1 when named)."
    )

    /// The audit trail's note on each retried task.
    static let detail = "retried with taskbridge tasks retry"

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Queue every failed task again.")
    var failed = false

    @Argument(help: "Ids of failed tasks.")
    var ids: [String] = []

    func validate() throws {
        guard failed != !ids.isEmpty else {
            throw ValidationError("name the task ids or pass --failed (one or the other)")
        }
        if let bad = ids.first(where: { UUID(uuidString: $0) == nil }) {
            throw ValidationError("\(bad) is not a task id (a UUID)")
        }
    }

    func run() async throws {
        try await reportingFailure {
            try await database.withPool { pool in
                let store = TaskStore(pool: pool)
                if failed {
                    let count = try await Self.retryEveryFailed(store)
                    print("Queued \(count) failed task\(count == 1 ? "" : "s") again")
                } else {
                    try await retryNamed(store)
                }
            }
        }
    }

    private func retryNamed(_ store: TaskStore) async throws {
        var refused: [String] = []
        for id in ids.compactMap(UUID.init(uuidString:)) {
            switch try await Self.retry(id, in: store) {
            case .retried:
                print("Queued \(id.uuidString.lowercased()) again")
            case .notRetryable(let task):
                refused.append("\(id.uuidString.lowercased()) is \(task.status.rawValue), not failed")
            case .notFound:
                refused.append("no task has id \(id.uuidString.lowercased())")
            }
        }
        if !refused.isEmpty { throw CommandFailure(refused.joined(separator: "; ")) }
    }

    /// Walks the failed tasks page by page with a cursor, so tasks that fail again meanwhile are not picked up
    /// twice and the walk ends.
    static func retryEveryFailed(_ store: TaskStore) async throws -> Int {
        var count = 0
        var cursor: TaskCursor?
        repeat {
            let page = try await store.list(
                TaskListQuery(status: .failed, limit: TaskListQuery.maximumLimit, cursor: cursor))
            for task in page.tasks {
                if case .retried = try await retry(task.id, in: store) { count += 1 }
            }
            cursor = page.next
        } while cursor != nil
        return count
    }

    /// Retries one task and leaves its delivery to the relay: the CLI talks to PostgreSQL only, which decides.
    private static func retry(_ id: UUID, in store: TaskStore) async throws -> TaskRetryOutcome {
        let outcome = try await store.retry(id: id, detail: detail)
        if case .retried = outcome {
            try await store.markNotEnqueued([id])
        }
        return outcome
    }
}
