import Synchronization

/// Holds whoever reaches it until the test opens it, and lets the test wait for arrivals: how a test keeps a flush
/// or a lookup in flight while it lines up the callers that should queue behind it.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var arrivals = 0
        var held: [CheckedContinuation<Void, Never>] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// Arrives, then waits until the gate is open (not at all once it is).
    func pass() async {
        await withCheckedContinuation { continuation in
            let (passes, watchers) = state.withLock { state in
                state.arrivals += 1
                let arrivals = state.arrivals
                let due = state.watchers.filter { $0.count <= arrivals }.map(\.continuation)
                state.watchers.removeAll { $0.count <= arrivals }
                if !state.isOpen { state.held.append(continuation) }
                return (state.isOpen, due)
            }
            watchers.forEach { $0.resume() }
            if passes { continuation.resume() }
        }
    }

    /// Returns once `count` callers in all have arrived.
    func arrivals(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let arrived = state.withLock { state in
                if state.arrivals < count { state.watchers.append((count, continuation)) }
                return state.arrivals >= count
            }
            if arrived { continuation.resume() }
        }
    }

    /// Lets everyone held through, and everyone after them.
    func open() {
        let held = state.withLock { state in
            state.isOpen = true
            defer { state.held = [] }
            return state.held
        }
        held.forEach { $0.resume() }
    }
}
