import Dispatch

/// Runs the jobs of the tasks that prefer it one at a time, in the order they were enqueued.
///
/// A test that starts tasks on it and then waits for `settle()` knows that each of them has run up to its first
/// suspension: a `BatchQueue` submitter has queued its item, an authentication is waiting for its lookup. That is
/// how the tests line callers up behind a busy flush without sleeping and hoping.
final class SerialTaskExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "SerialTaskExecutor")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Returns once every job enqueued before this call has run.
    func settle() async {
        await Task(executorPreference: self) {}.value
    }
}
