import Hummingbird
import PostgresClient

/// What `/accepting` reports to a load balancer: whether this replica can accept tasks now, which takes only
/// PostgreSQL (a task is stored before anything else happens to it) and not being asked to stop.
struct Acceptance: ResponseEncodable, Sendable {
    /// The checks, by name.
    struct Checks: Encodable, Sendable {
        var postgres: Readiness.Check
    }

    /// `accepting`, `draining` (asked to stop: send new work elsewhere) or `not_accepting` (PostgreSQL is down).
    var status: String
    /// Each check; none while draining, which needs no server to say.
    var checks: Checks?

    /// Whether the replica takes tasks.
    var isAccepting: Bool { status == "accepting" }

    /// Checks PostgreSQL within `timeout`, unless the replica is draining.
    static func check(postgres: PostgresPool, drain: DrainState, timeout: Duration) async -> Acceptance {
        if drain.isDraining { return Acceptance(status: "draining") }
        let postgresCheck = await Readiness.checkPostgres(postgres, timeout: timeout)
        // Asked to stop while PostgreSQL answered: draining wins.
        if drain.isDraining { return Acceptance(status: "draining") }
        return Acceptance(
            status: postgresCheck.status == "up" ? "accepting" : "not_accepting", checks: Checks(postgres: postgresCheck))
    }
}
