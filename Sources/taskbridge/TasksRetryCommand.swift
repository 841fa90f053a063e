import ArgumentParser
import Foundation
import PostgresClient
import TaskBridgeCore

/// `taskbridge tasks retry ID… [--delivery ID] | --failed`: moves failed tasks' failed deliveries (or the one named)
/// back to `queued`; the workers' relay delivers them.
struct TasksRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue failed tasks again: the ones named, or every failed task with --failed.",
        discussion: "Each task goes back to `queued` with its attempts reset and a `failed → queued` event; a running "
            + "worker's relay puts it on the dispatch stream within a second. Tasks that are not failed are left "
            + "alone (and make the command exit 1 when named). A task retries each of its failed deliveries; "
            + "--delivery retries only the one named (see `tasks show`), leaving the task's other failed ones failed."
    )

    /// The audit trail's note on each retried task.
    static let detail = "retried with taskbridge tasks retry"

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Queue every failed task again.")
    var failed = false

    @Option(help: "Retry only this failed delivery of the one task named.")
    var delivery: String?

    @Argument(help: "Ids of failed tasks.")
    var ids: [String] = []

    func validate() throws {
        guard failed != !ids.isEmpty else {
            throw ValidationError("name the task ids or pass --failed (one or the other)")
        }
        try TaskIDArguments.validate(ids)
        if let delivery {
            guard ids.count == 1 else { throw ValidationError("--delivery names a delivery of one task: name that task") }
            try TaskIDArguments.validate([delivery])
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
        try await TaskIDArguments.each(ids) { id in
            let deliveryID = delivery.flatMap { UUID(uuidString: $0) }
            switch try await Self.retry(id, delivery: deliveryID, in: store) {
            case .retried:
                print("Queued \(deliveryID.map { "delivery \($0.uuidString.lowercased()) of " } ?? "")\(id.uuidString.lowercased()) again")
                return nil
            case .notRetryable(let task):
                if let deliveryID {
                    return "delivery \(deliveryID.uuidString.lowercased()) of \(id.uuidString.lowercased()) is not a failed delivery of a failed task (the task is \(task.status.rawValue))"
                }
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

    /// Retries one task (or one delivery of it) and leaves its delivery to the relay: the CLI talks to PostgreSQL
    /// only, which decides.
    private static func retry(_ id: UUID, delivery: UUID?, in store: TaskStore) async throws -> TaskRetryOutcome {
        let outcome = try await store.retry(id: id, delivery: delivery, detail: detail)
        if case .retried = outcome {
            try await store.markNotEnqueued([id])
        }
        return outcome
    }
}
