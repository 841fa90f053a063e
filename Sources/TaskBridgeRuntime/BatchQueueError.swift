/// Why a `BatchQueue` could not answer a submission: its flush misbehaved, or the queue had stopped.
public enum BatchQueueError: Error, CustomStringConvertible {
    /// The queue had stopped (graceful shutdown) before the item could be flushed.
    case stopped
    /// The flush returned a different number of outputs than it was given items.
    case outputCountMismatch(expected: Int, got: Int)

    /// One line saying what the flush did wrong.
    public var description: String {
        switch self {
        case .stopped:
            "the batch queue has stopped; the item was not flushed"
        case .outputCountMismatch(let expected, let got):
            "a batch flush returned \(got) outputs for \(expected) items"
        }
    }
}
