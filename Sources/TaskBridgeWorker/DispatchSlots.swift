import Synchronization

/// The worker's bounded concurrency: how many tasks may be in flight, and a wait for one to finish.
final class DispatchSlots: Sendable {
    private struct State {
        var free: Int
        var waiter: CheckedContinuation<Void, Never>?
        var woken = false
    }

    private let state: Mutex<State>
    /// Slots in all.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(free: capacity))
    }

    /// Free slots now.
    var free: Int { state.withLock { $0.free } }

    /// Waits until a slot is free and returns how many are, or returns 0 at once after `wake()`. One waiter only.
    func waitForFree() async -> Int {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                guard state.free == 0, !state.woken else { return true }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
        return state.withLock { $0.woken ? 0 : $0.free }
    }

    /// Takes a slot for a task about to start.
    func take() {
        state.withLock { $0.free -= 1 }
    }

    /// Gives a finished task's slot back, waking the waiter.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.free += 1
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Ends every wait for good: the worker is shutting down.
    func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.woken = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
