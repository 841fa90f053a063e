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
        try TaskIDArguments.validate(ids)
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
        try await TaskIDArguments.each(ids) { id in
            switch try await Self.retry(id, in: store) {
            case .retried:
                print("Queued \(id.uuidString.lowercased()) again")
                return nil
            case .notRetryable(let task):
                return "\(id.uuidString.lowercased()) is \(task.status.rawValue), not failed"
            case .notFound:
                return "no task has id \(id.uuidString.lowercased())"
            }
        }
    }

    /// Retries every failed task and leaves their delivery to the relay.
    static func retryEveryFailed(_ store: TaskStore) async throws -> Int {
        let retried = try await store.retryEveryFailed(detail: detail)
        try await store.markNotEnqueued(retried)
        return retried.count
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
