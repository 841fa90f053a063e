/// A `PostgresPool`'s bookkeeping, changed only under the pool's lock. Its methods decide; the pool then acts
/// (resumes waiters, closes connections) outside the lock.
struct PostgresPoolState {
    /// What a caller is given: an idle connection, or a reserved slot to open a new one in.
    enum Lease {
        case idle(PostgresConnection)
        case open
    }

    /// What `lease()` decided.
    enum Decision {
        case lease(Lease)
        case wait
        case closed
    }

    /// A caller waiting for a connection to come back, with the timer that fails it.
    struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Lease, any Error>
        var timer: Task<Void, Never>?

        /// Gives the waiter its lease (or error) and stops its timer.
        func resume(with result: Result<Lease, any Error>) {
            timer?.cancel()
            continuation.resume(with: result)
        }
    }

    /// What the pool must do after a connection came back or failed to open.
    struct Actions {
        var close: PostgresConnection?
        var grant: (waiter: Waiter, lease: Lease)?
        var closeFinished: [CheckedContinuation<Void, Never>] = []
    }

    let maxConnections: Int
    private var idle: [PostgresConnection] = []
    /// Idle, leased and being-opened connections together.
    private(set) var openCount = 0
    private(set) var peakOpenCount = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private(set) var isClosed = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    var idleCount: Int { idle.count }
    var waiterCount: Int { waiters.count }

    /// The most recently used idle connection, else a slot while under the maximum, else `.wait`.
    mutating func lease() -> Decision {
        if isClosed { return .closed }
        if let connection = idle.popLast() { return .lease(.idle(connection)) }
        guard openCount < maxConnections else { return .wait }
        reserveSlot()
        return .lease(.open)
    }

    /// A fresh id for a caller about to wait.
    mutating func makeWaiterID() -> Int {
        nextWaiterID += 1
        return nextWaiterID
    }

    /// Leases at once if something freed up meanwhile, else queues the caller (first come, first served).
    mutating func leaseOrWait(id: Int, continuation: CheckedContinuation<Lease, any Error>) -> Decision {
        let decision = lease()
        if case .wait = decision {
            waiters.append(Waiter(id: id, continuation: continuation))
        }
        return decision
    }

    /// Attaches the timeout timer; false when the waiter is already served (then the timer is not needed).
    mutating func setTimer(_ timer: Task<Void, Never>, forWaiter id: Int) -> Bool {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return false }
        waiters[index].timer = timer
        return true
    }

    /// Takes a waiter out of the queue (timed out or cancelled); nil when it was already served.
    mutating func removeWaiter(id: Int) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index)
    }

    /// A leased connection comes back: to the first waiter, to the idle list, or closed when it is unfit or the
    /// pool is closed (its slot then goes to the first waiter).
    mutating func release(_ connection: PostgresConnection, reusable: Bool) -> Actions {
        guard reusable, !isClosed else {
            var actions = slotFreed()
            actions.close = connection
            return actions
        }
        if !waiters.isEmpty {
            return Actions(grant: (waiters.removeFirst(), .idle(connection)))
        }
        idle.append(connection)
        return Actions()
    }

    /// Opening a connection in a reserved slot failed.
    mutating func openFailed() -> Actions {
        slotFreed()
    }

    /// Closes the pool: returns the idle connections to close and the waiters to fail; leased connections are
    /// closed as they come back.
    mutating func close() -> (idle: [PostgresConnection], waiters: [Waiter]) {
        isClosed = true
        let closing = idle
        idle = []
        openCount -= closing.count
        let failing = waiters
        waiters = []
        return (closing, failing)
    }

    /// Registers a continuation resumed once every connection is closed; false when that is already so.
    mutating func waitUntilClosed(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        guard openCount > 0 else { return false }
        closeWaiters.append(continuation)
        return true
    }

    private mutating func reserveSlot() {
        openCount += 1
        peakOpenCount = max(peakOpenCount, openCount)
    }

    private mutating func slotFreed() -> Actions {
        openCount -= 1
        var actions = Actions()
        if isClosed {
            if openCount == 0 {
                actions.closeFinished = closeWaiters
                closeWaiters = []
            }
        } else if !waiters.isEmpty {
            reserveSlot()
            actions.grant = (waiters.removeFirst(), .open)
        }
        return actions
    }
}
