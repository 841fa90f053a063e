/// What became of one submission in `TaskStore.insert(_:enqueued:)`.
public enum TaskInsertOutcome: Sendable, Hashable {
    /// A new task was stored.
    case created(TaskRecord)
    /// The token had already used the idempotency key: this is the task stored then. Compare its `requestHash`
    /// with the submission's to tell a replay (same) from a reused key (different).
    case existing(TaskRecord)
}
