/// What `TaskStore.retry(id:)` did.
public enum TaskRetryOutcome: Sendable, Hashable {
    /// The task was failed and is queued again.
    case retried(TaskRecord)
    /// The task is in another status and was left alone.
    case notRetryable(TaskRecord)
    /// No task has this id.
    case notFound
}

/// What `TaskRepository.discard(id:detail:)` did.
public enum TaskDiscardOutcome: Sendable, Hashable {
    /// The task was failed and is discarded now.
    case discarded(TaskRecord)
    /// The task is in another status and was left alone.
    case notDiscardable(TaskRecord)
    /// No task has this id.
    case notFound
}
