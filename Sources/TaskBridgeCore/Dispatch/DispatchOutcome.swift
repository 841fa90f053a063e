#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How one claimed attempt at a delivery ended, as a worker records it (`TaskStore.record(_:owner:)`).
public struct DispatchOutcome: Sendable, Hashable {
    /// Where the task goes next.
    public enum Result: Sendable, Hashable {
        /// The card exists: its id, URL, assignee and labels.
        case done(cardID: String, cardURL: String?, assigneeID: String?, labelIDs: [String])
        /// A Slack or email delivery was sent: done, with no card.
        case notified
        /// A transient failure: try again after `delay`, keeping `error`.
        case retry(error: String, delay: Duration)
        /// A permanent failure, or attempts exhausted: stop, keeping `error`.
        case fail(error: String)
        /// Not the task's fault (the fleet paused, the lease ran short): back to `queued`, due after `delay`, this
        /// attempt not counted.
        case release(reason: String, delay: Duration)
    }

    /// The delivery (for a task's first delivery, the task's id).
    public var deliveryID: UUID
    /// Where the task goes next.
    public var result: Result
    /// Whether a card may exist that PostgreSQL does not know of, so the next attempt looks before creating.
    public var cardMayExist: Bool
    /// When this attempt sent a create whose outcome is unknown: no earlier than the range's start (the claim)
    /// and no later than its end (the failure). Nil when it sent none, or learnt what became of it.
    public var unknownCreate: ClosedRange<ContinuousClock.Instant>?

    /// Makes an outcome.
    public init(
        deliveryID: UUID, result: Result, cardMayExist: Bool, unknownCreate: ClosedRange<ContinuousClock.Instant>? = nil
    ) {
        self.deliveryID = deliveryID
        self.result = result
        self.cardMayExist = cardMayExist
        self.unknownCreate = unknownCreate
    }

    /// The status the task moves to.
    public var status: TaskStatus {
        switch result {
        case .done, .notified: .done
        case .retry: .retrying
        case .fail: .failed
        case .release: .queued
        }
    }
}
