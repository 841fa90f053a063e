/// Why a delivery's destination cannot be reached with what the worker has: its credential was removed (the
/// delivery fails for good), or cannot be opened (no `TASKBRIDGE_SECRET_KEY`, or a key that does not open it: the
/// delivery is released, uncounted, until the keys are right).
struct DestinationUnavailable: Error, CustomStringConvertible {
    /// Whether waiting cannot help.
    let permanent: Bool
    /// What is wrong, for the delivery's last error; never a secret.
    let description: String
}
