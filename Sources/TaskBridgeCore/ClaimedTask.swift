/// A task a worker has just claimed: its row, and what the claim learned about earlier attempts.
public struct ClaimedTask: Sendable, Hashable {
    /// The row after the claim (status `dispatching`, attempts counted, lease set).
    public var record: TaskRecord
    /// Whether an earlier attempt may have made the card: look for the task's footer before creating one.
    public var cardMayExist: Bool
    /// The status before the claim; `dispatching` means a dead worker's expired lease was taken over.
    public var previousStatus: TaskStatus

    /// Makes a claimed task.
    public init(record: TaskRecord, cardMayExist: Bool, previousStatus: TaskStatus) {
        self.record = record
        self.cardMayExist = cardMayExist
        self.previousStatus = previousStatus
    }
}
