import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge tasks discard ID…`: gives up on failed tasks for good; no worker dispatches a discarded task.
struct TasksDiscardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard",
        abstract: "Give up on failed tasks: they become `discarded`, a final status no worker dispatches.",
        discussion: "Each task gets a `failed → discarded` event. Tasks that are not failed are left alone and make "
            + "the command exit 1."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Ids of failed tasks.")
    var ids: [String]

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name the ids of the failed tasks to discard") }
        try TaskIDArguments.validate(ids)
    }

    func run() async throws {
        try await reportingFailure {
            try await database.withPool { pool in
                let store = TaskStore(pool: pool)
                try await TaskIDArguments.each(ids) { id in
                    switch try await store.discard(id: id, detail: "discarded with taskbridge tasks discard") {
                    case .discarded:
                        print("Discarded \(id.uuidString.lowercased())")
                        return nil
                    case .notDiscardable(let task):
                        return "\(id.uuidString.lowercased()) is \(task.status.rawValue), not failed"
                    case .notFound:
                        return "no task has id \(id.uuidString.lowercased())"
                    }
                }
            }
        }
    }
}
