#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TaskRecord {
    /// The record of a task just accepted: queued, due now, never attempted.
    public init(id: UUID, accepting task: NewTask, at now: Date) {
        self.init(
            id: id,
            type: task.type,
            title: task.title,
            description: task.description,
            category: task.category,
            nextAttemptAt: now,
            createdAt: now,
            updatedAt: now,
            callbackURL: task.callbackURL
        )
    }
}
