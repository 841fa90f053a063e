/// Where a task is on its way to a card; the values of the `tasks.status` column.
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Accepted and waiting for a worker.
    case queued
    /// Claimed by a worker, under a lease.
    case dispatching
    /// An attempt failed transiently; waiting for `next_attempt_at`.
    case retrying
    /// The card exists.
    case done
    /// A permanent error or attempts exhausted; only an explicit retry moves it back to `queued`.
    case failed
    /// A failed task an operator gave up on: final, never claimed, never retried.
    case discarded
}
