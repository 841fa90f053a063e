/// What a worker does after a transient failure, as `RetryPolicy.next` decides.
public enum RetryDecision: Sendable, Hashable {
    /// Try again after this long.
    case retry(after: Duration)
    /// Fail the task; `reason` says which budget ran out, for its `last_error`.
    case giveUp(reason: String)
}
