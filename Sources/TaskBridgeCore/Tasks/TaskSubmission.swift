#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A validated task on its way into `TaskStore`, with who sent it and the idempotency key it came with.
public struct TaskSubmission: Sendable, Hashable {
    /// The id the task will have; time-ordered, chosen before the insert so a batch's rows can be told apart.
    public var id: UUID
    /// The validated task (a bug's title already generated).
    public var task: NewTask
    /// The API token that sent it.
    public var tokenID: UUID?
    /// The client's `Idempotency-Key`, unique per token.
    public var idempotencyKey: String?
    /// A hash of the request the key came with, to tell a replay from a reuse of the key.
    public var requestHash: String?
    /// The id of the request that sent it (`X-Request-Id`); not stored, only put on the stream entry for the
    /// worker's log lines.
    public var requestID: String?

    /// Makes a submission with a fresh time-ordered id.
    public init(
        task: NewTask, tokenID: UUID? = nil, idempotencyKey: String? = nil, requestHash: String? = nil,
        requestID: String? = nil, id: UUID = .timeOrdered()
    ) {
        self.id = id
        self.task = task
        self.tokenID = tokenID
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.requestID = requestID
    }
}
