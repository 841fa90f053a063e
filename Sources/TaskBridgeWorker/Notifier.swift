import Foundation
import Logging
import TaskBridgeCore

/// Sends a claimed Slack or email delivery through the channel senders and turns what came of it into the
/// delivery's outcome: sent is done (no card), a transient failure is retried through the retry policy (each
/// attempt counted, failed once `RETRY_MAX_ATTEMPTS` are spent), a refusal fails it, an unusable credential
/// releases it uncounted.
struct Notifier: Sendable {
    /// The senders; nil when the worker has no `TASKBRIDGE_SECRET_KEY`, so no channel credential can be opened.
    let senders: ChannelSenders?
    let settings: ChannelSettings
    let retry: RetryPolicy
    let logger: Logger

    /// How long a later moment waits, beyond the accepted one's own due time, before it is claimed again.
    static let orderingPause: Duration = .seconds(1)

    /// The outcome of one attempt at `claimed`, whose `notification` is `notification`, to finish before `deadline`
    /// (its lease's end); `requestID` (the API request that sent the task) goes on its log lines.
    func dispatch(
        _ claimed: ClaimedTask, notification: ClaimedNotification, deadline: ContinuousClock.Instant? = nil,
        requestID: String? = nil
    ) async -> DispatchOutcome {
        let deliveryID = claimed.destination.deliveryID
        func outcome(_ result: DispatchOutcome.Result) -> DispatchOutcome {
            DispatchOutcome(deliveryID: deliveryID, result: result, cardMayExist: false)
        }
        let logger = logger.forTask(claimed.record.id, delivery: deliveryID, requestID: requestID)
        if let wait = notification.waitsForAccepted {
            // Released uncounted, to be claimed again once the accepted one has had its turn: a channel never hears
            // `carded` before `accepted`, even when Slack made the first wait.
            return outcome(.release(reason: "waits for the channel's accepted notification", delay: wait + Self.orderingPause))
        }
        guard let channel = notification.channel else {
            let error = "the channel cannot be made: its credential was removed since the task was accepted, "
                + "or its templates no longer read"
            logger.error("Notification refused", metadata: ["error": "\(error)"])
            return outcome(.fail(error: error))
        }
        guard let senders else {
            return outcome(.release(
                reason: "TASKBRIDGE_SECRET_KEY is not set, so the channel's credential cannot be opened",
                delay: retry.delay(afterAttempt: claimed.record.attempts)))
        }
        let task = claimed.record
        let notice = ChannelNotice(
            taskID: task.id, deliveryID: deliveryID.uuidString.lowercased(), moment: notification.moment,
            title: task.title, type: task.type, category: task.category, description: task.description ?? "",
            cardURL: notification.cardURL, taskURL: settings.taskURL(for: task.id))
        switch await senders.send(notice, to: channel, deadline: deadline) {
        case .sent:
            logger.info("Notified", metadata: ["channel": "\(channel.kind)", "moment": "\(notification.moment.rawValue)"])
            return outcome(.notified)
        case .retry(let after, let error):
            // A channel's budget is the policy's count of attempts: Slack or a mail server down for long is not
            // worth a day of retries the way Trello is.
            switch retry.next(
                afterAttempt: task.attempts, elapsed: claimed.sinceFirstAttempt, unavailable: false, retryAfter: after)
            {
            case .retry(let delay):
                logger.warning("Notification failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                return outcome(.retry(error: error, delay: delay))
            case .giveUp(let reason):
                logger.error("Notification failed for good", metadata: ["error": "\(error)"])
                return outcome(.fail(error: "\(error); \(reason)"))
            }
        case .fail(let error):
            logger.error("Notification refused", metadata: ["error": "\(error)"])
            return outcome(.fail(error: error))
        case .release(let error, let after):
            return outcome(.release(reason: error, delay: after ?? retry.delay(afterAttempt: task.attempts)))
        }
    }
}
