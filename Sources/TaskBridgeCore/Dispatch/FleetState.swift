#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the workers tell the rest of the system about the fleet, published in Redis under `key`:
/// absent means running; present means paused, with why and since when (e.g. Trello refused the credentials).
///
/// The value is JSON, `{"state":"paused","reason":"...","since":"2026-11-23T10:00:00Z"}`, with a TTL the
/// pausing workers refresh: if they all die, the pause does not outlive them.
public struct FleetState: Sendable, Hashable, Codable {
    /// Whether the fleet is dispatching.
    public enum State: String, Sendable, Hashable, Codable {
        /// Dispatching normally.
        case running
        /// Not dispatching until `reason` is fixed; tasks wait, none fail.
        case paused
    }

    /// The default Redis key the workers publish the state under, and `/readyz` reads.
    public static let key = "taskbridge:fleet"
    /// The state when nothing is published.
    public static let running = FleetState(state: .running, reason: nil, since: nil)

    /// Running or paused.
    public var state: State
    /// Why the fleet is paused, e.g. "Trello rejected the credentials (401 invalid token)"; never a credential.
    public var reason: String?
    /// When the pause began.
    public var since: Date?

    /// Makes a state.
    public init(state: State, reason: String?, since: Date?) {
        self.state = state
        self.reason = reason
        self.since = since
    }

    /// A pause for `reason` that began at `since`.
    public static func paused(reason: String, since: Date) -> FleetState {
        FleetState(state: .paused, reason: reason, since: since)
    }

    /// Whether the fleet is paused.
    public var isPaused: Bool { state == .paused }
}
