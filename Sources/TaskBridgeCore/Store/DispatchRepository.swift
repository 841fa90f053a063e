#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the workers ask of the tasks' store: claim due tasks under a lease, record how attempts ended, and the
/// relay's queries for tasks that are due but not moving. `TaskStore` answers from PostgreSQL,
/// `MemoryDispatchRepository` from memory for unit tests.
public protocol DispatchRepository: Sendable {
    /// Claims those of `ids` that are due for `owner` under a lease of `lease` (see `TaskStore.claim`).
    func claim(_ ids: [UUID], owner: String, lease: Duration, settle: SettleWindow) async throws -> [ClaimedTask]

    /// Records outcomes of tasks `owner` still holds; returns the ids recorded (see `TaskStore.record`).
    func record(_ outcomes: [DispatchOutcome], owner: String, settle: SettleWindow) async throws -> Set<UUID>

    /// Up to `limit` tasks that are due but not on their way (see `TaskStore.dueForRelay`).
    func dueForRelay(limit: Int, stuckAfter: Duration?, enqueuedBefore: Int64?) async throws -> [UUID]

    /// Records that these deliveries were just put on the stream; returns their tasks' request ids, where known.
    @discardableResult
    func markEnqueued(_ ids: [UUID]) async throws -> [UUID: String]

    /// Records that these tasks could not be put on the stream, so the relay delivers them.
    func markNotEnqueued(_ ids: [UUID]) async throws

    /// Forgets that any unfinished task is on the stream (Redis lost its data); returns how many that concerns.
    func forgetEnqueued() async throws -> Int
}
