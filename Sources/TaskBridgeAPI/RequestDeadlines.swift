import Synchronization

/// One timer for the deadlines of every request in flight: a request waits on a continuation that the timer
/// resumes once its deadline has passed, or that its cancellation resumes at once.
///
/// A `Task.sleep` per request arms and cancels a libdispatch timer for every request, which a profile of the API
/// under load showed costing about 5 % of its CPU; this timer ticks every `resolution` while any request waits,
/// and not at all otherwise. A deadline passes up to one `resolution` late.
final class RequestDeadlines: Sendable {
    /// How often the timer looks for passed deadlines while requests wait.
    let resolution: Duration

    private struct Waiter {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
        /// Whether a ticking task is running; it ends once no request waits.
        var ticking = false
    }

    private let state = Mutex(State())

    /// A timer that looks for passed deadlines every `resolution`.
    init(resolution: Duration = .milliseconds(25)) {
        self.resolution = resolution
    }

    /// Returns once `deadline` has passed, or at once when the calling task is or gets cancelled.
    func wait(until deadline: ContinuousClock.Instant) async {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let startsTicking = state.withLock { state -> Bool? in
                    guard !Task.isCancelled else { return nil }
                    state.waiters[id] = Waiter(deadline: deadline, continuation: continuation)
                    guard !state.ticking else { return false }
                    state.ticking = true
                    return true
                }
                switch startsTicking {
                case nil: continuation.resume()
                case true?: Task { await self.tick() }
                case false?: break
                }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    /// Resumes the waiters whose deadline passed, every `resolution`, until none waits.
    private func tick() async {
        while true {
            try? await Task.sleep(for: resolution)
            let now = ContinuousClock.now
            let (passed, done) = state.withLock { state -> ([CheckedContinuation<Void, Never>], Bool) in
                let passed = state.waiters.filter { $0.value.deadline <= now }
                for id in passed.keys { state.waiters.removeValue(forKey: id) }
                if state.waiters.isEmpty { state.ticking = false }
                return (passed.values.map(\.continuation), state.waiters.isEmpty)
            }
            for continuation in passed { continuation.resume() }
            if done { return }
        }
    }
}
