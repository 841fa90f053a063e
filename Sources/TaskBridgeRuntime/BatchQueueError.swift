/// A misuse of `BatchQueue` by its flush function.
public enum BatchQueueError: Error, CustomStringConvertible {
    /// The flush returned a different number of outputs than it was given items.
    case outputCountMismatch(expected: Int, got: Int)

    /// One line saying what the flush did wrong.
    public var description: String {
        switch self {
        case .outputCountMismatch(let expected, let got):
            "a batch flush returned \(got) outputs for \(expected) items"
        }
    }
}
