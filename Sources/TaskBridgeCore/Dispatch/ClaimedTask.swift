/// One delivery of a task a worker has just claimed: the task with the delivery's dispatch state, where it goes,
/// and what the claim learned about earlier attempts.
public struct ClaimedTask: Sendable, Hashable {
    /// The task's content with the delivery's state after the claim (status `dispatching`, attempts counted, lease
    /// set); its `id` is the task's.
    public var record: TaskRecord
    /// Where this delivery goes, and its id (which outcomes and stream entries name).
    public var destination: DeliveryDestination
    /// Whether an earlier attempt may have made the card: look for the task's footer before creating one.
    public var cardMayExist: Bool
    /// The status before the claim; `dispatching` means a dead worker's expired lease was taken over.
    public var previousStatus: TaskStatus
    /// How long before the claim the task's first attempt was made (since its acceptance or an operator's retry):
    /// zero for a first attempt. Measured by PostgreSQL alone, so workers' clocks do not matter.
    public var sinceFirstAttempt: Duration
    /// How long before the claim the earliest create that may have made an unknown card was sent: a lookup reads
    /// the board's cards made since then. Meaningful only when `cardMayExist`.
    public var mayExistFor: Duration
    /// How long after the claim an earlier create may still land (zero when none can): until then, a lookup that
    /// finds nothing proves nothing, and no card may be created.
    public var settlesIn: Duration
    /// For a Slack or email delivery, what it says and where; nil for a card.
    public var notification: ClaimedNotification?

    /// Makes a claimed task.
    public init(
        record: TaskRecord, cardMayExist: Bool, previousStatus: TaskStatus, sinceFirstAttempt: Duration,
        mayExistFor: Duration = .zero, settlesIn: Duration = .zero, destination: DeliveryDestination? = nil,
        notification: ClaimedNotification? = nil
    ) {
        self.record = record
        self.destination = destination ?? .environment(taskID: record.id)
        self.cardMayExist = cardMayExist
        self.previousStatus = previousStatus
        self.sinceFirstAttempt = sinceFirstAttempt
        self.mayExistFor = mayExistFor
        self.settlesIn = settlesIn
        self.notification = notification
    }
}
