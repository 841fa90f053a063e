#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One event on its way to a task's `callback_url`, as a worker claimed it for one attempt.
public struct CallbackDelivery: Sendable, Hashable {
    /// The row's id.
    public var id: Int64
    /// The event's id, the same on every attempt: receivers deduplicate on it.
    public var eventID: UUID
    /// Where it goes.
    public var url: String
    /// The exact JSON sent, the same on every attempt.
    public var body: String
    /// Attempts so far, this one included.
    public var attempts: Int
    /// The token that submitted the task; nil when it is gone or revoked, and then nothing signs the event.
    public var tokenID: UUID?
    /// That token's signing generation.
    public var generation: Int?

    /// A delivery from its row.
    public init(id: Int64, eventID: UUID, url: String, body: String, attempts: Int, tokenID: UUID?, generation: Int?) {
        self.id = id
        self.eventID = eventID
        self.url = url
        self.body = body
        self.attempts = attempts
        self.tokenID = tokenID
        self.generation = generation
    }
}
