/// The reconciler's lock stayed with another pass for as long as the CLI was willing to wait.
public struct ReconcilerBusy: Error, CustomStringConvertible {
    /// Who held the lock: a worker's name, or another CLI run's.
    public let holder: String
    /// How long the CLI waited.
    public let waited: Duration

    public var description: String {
        "another reconcile pass (\(holder)) held the reconciler's lock for the \(waited.components.seconds) s this "
            + "run waited; try again once it is done"
    }
}
