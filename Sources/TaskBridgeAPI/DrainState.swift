import Synchronization

/// Whether this replica is draining: asked to stop, so its load balancer must stop sending it work. Shared by
/// `DrainService`, which sets it, and the `/accepting` route, which reports it.
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)

    /// A replica that is not draining.
    public init() {}

    /// Whether the replica has been asked to stop.
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Marks the replica as draining, for good.
    func begin() { draining.store(true, ordering: .relaxed) }
}
